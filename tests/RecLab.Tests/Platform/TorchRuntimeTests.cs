using RecLab.Platform;

namespace RecLab.Tests.Platform;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void The_native_backend_loads_with_no_step_by_hand()
    {
        var status = TorchRuntime.EnsureLoaded();

        Assert.True(status.Loaded, status.Error);
        Assert.Equal("0.107.0", status.TorchSharpVersion);
        Assert.StartsWith("2.10", status.LibTorchVersion);
        Assert.Equal("TorchSharp-cpu", status.Backend);
    }

    [Fact]
    public void Every_copy_of_the_shim_this_process_may_load_is_loadable_on_this_system()
    {
        TorchRuntime.EnsureLoaded();

        foreach (var shim in TorchRuntime.ShimCandidates())
            Assert.True(NativeShimRepair.Repair(shim, SystemLibraries.DefinitionsOf).Loadable, shim);
    }

    [Fact]
    public void The_doctor_report_says_the_backend_loaded()
    {
        var report = EnvironmentReport.Collect(redis: "127.0.0.1:1");

        var backend = Assert.Single(report.Checks, c => c.Name == "TorchSharp native backend");
        Assert.Equal(CheckStatus.Ok, backend.Status);
        var redis = Assert.Single(report.Checks, c => c.Name == "Redis");
        Assert.Equal(CheckStatus.Warning, redis.Status);
        Assert.NotNull(redis.Advice);
        Assert.True(report.Healthy);
        Assert.Contains("TorchSharp native backend", report.ToHtml());
    }
}
