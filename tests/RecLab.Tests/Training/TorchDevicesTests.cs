using RecLab.Training;
using TorchSharp;

namespace RecLab.Tests.Training;

public sealed class TorchDevicesTests
{
    [Fact]
    public void Cpu_threads_are_set_for_the_process_and_the_previous_count_is_returned()
    {
        var before = TorchDevices.SetCpuThreads(1);
        try
        {
            Assert.Equal(1, torch.get_num_threads());
            Assert.Equal(1, TorchDevices.SetCpuThreads(2));
            Assert.Equal(2, torch.get_num_threads());
        }
        finally
        {
            TorchDevices.SetCpuThreads(before);
        }
    }

    [Fact]
    public void The_count_set_on_one_thread_is_applied_on_another_thread_that_already_ran_parallel_kernels()
    {
        // libtorch's OpenMP keeps a count per native thread: a thread that ran parallel kernels before the setting
        // keeps its own count until training, evaluation or serving applies the setting there.
        Thread worker;
        int beforeApply = 0, afterApply = 0;
        using var ready = new ManualResetEventSlim();
        using var go = new ManualResetEventSlim();
        worker = new Thread(() =>
        {
            torch.set_num_threads(2);
            using (var x = torch.ones(1 << 20)) x.sum().Dispose();
            ready.Set();
            go.Wait();
            beforeApply = torch.get_num_threads();
            TorchDevices.ApplyCpuThreads();
            afterApply = torch.get_num_threads();
        });
        worker.Start();
        ready.Wait();
        var before = TorchDevices.SetCpuThreads(1);
        try
        {
            go.Set();
            worker.Join();
            Assert.Equal((2, 1), (beforeApply, afterApply));
        }
        finally
        {
            TorchDevices.SetCpuThreads(Math.Max(1, before));
        }
    }

    [Fact]
    public void Fewer_than_one_thread_is_refused_naming_the_value()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TorchDevices.SetCpuThreads(0));
        Assert.Equal("threads", error.ParamName);
        Assert.Contains("at least 1", error.Message);
    }
}
