using RecLab.Training;
using TorchSharp;

namespace RecLab.Tests.Training;

/// <summary>The CPU thread setting. The test process runs with one thread configured from its start
/// (<see cref="TestSupport.TorchThreads"/>), and these tests set no other count process-wide, since notebook runs and
/// same-seed tests in parallel collections depend on it.</summary>
public sealed class TorchDevicesTests
{
    [Fact]
    public void The_count_is_set_on_the_calling_thread_and_the_threads_previous_count_is_returned()
    {
        (int Before, int Returned, int After) seen = default;
        var worker = new Thread(() =>
        {
            var before = torch.get_num_threads();
            var returned = TorchDevices.SetCpuThreads(1);
            seen = (before, returned, torch.get_num_threads());
        });
        worker.Start();
        worker.Join();

        Assert.Equal((seen.Before, 1), (seen.Returned, seen.After));
        Assert.Equal(1, TorchDevices.CpuThreads);
    }

    [Fact]
    public void The_count_set_on_one_thread_is_applied_on_another_thread_that_already_ran_parallel_kernels()
    {
        // libtorch's OpenMP keeps a count per native thread: a thread that ran parallel kernels with its own count
        // keeps it until training, evaluation or serving applies the setting there.
        int beforeApply = 0, afterApply = 0;
        using var ready = new ManualResetEventSlim();
        using var go = new ManualResetEventSlim();
        var worker = new Thread(() =>
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
        TorchDevices.SetCpuThreads(1);
        go.Set();
        worker.Join();

        Assert.Equal((2, 1), (beforeApply, afterApply));
    }

    [Fact]
    public void Fewer_than_one_thread_is_refused_naming_the_value()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TorchDevices.SetCpuThreads(0));
        Assert.Equal("threads", error.ParamName);
        Assert.Contains("at least 1", error.Message);
    }
}
