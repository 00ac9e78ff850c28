using RecLab.Platform;

namespace RecLab.Tests.Platform;

/// <summary>A private copy of TorchSharp's native shim as shipped (with the weak flag an earlier run may have set
/// cleared again), so that repair tests do not depend on, or touch, the copy this process loads.</summary>
public sealed class ShimFixture : IDisposable
{
    /// <summary>Copies the shim from the NuGet package folder.</summary>
    public ShimFixture()
    {
        var source = TorchRuntime.ShimCandidates().FirstOrDefault(p => p.Contains(".nuget", StringComparison.Ordinal))
                     ?? TorchRuntime.ShimCandidates().First();
        Directory.CreateDirectory(Path.GetDirectoryName(ShippedPath)!);
        File.Copy(source, ShippedPath, overwrite: true);
        var elf = ElfSymbolVersions.Read(ShippedPath);
        using var file = new FileStream(ShippedPath, FileMode.Open, FileAccess.ReadWrite);
        foreach (var need in elf.Needs.Where(n => n.Weak))
        {
            file.Position = need.FlagsOffset;
            var flags = (byte)file.ReadByte();
            file.Position = need.FlagsOffset;
            file.WriteByte((byte)(flags & ~ElfSymbolVersions.VerFlagWeak));
        }
    }

    /// <summary>The pristine copy; tests copy it again before editing.</summary>
    public string ShippedPath { get; } = Path.Combine(Path.GetTempPath(), "reclab-tests", "shim-" + Guid.NewGuid().ToString("N")[..8], "libLibTorchSharp.so");

    /// <summary>A fresh editable copy of the pristine shim.</summary>
    public string FreshCopy()
    {
        var path = Path.Combine(Path.GetDirectoryName(ShippedPath)!, Guid.NewGuid().ToString("N")[..8] + ".so");
        File.Copy(ShippedPath, path);
        return path;
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(Path.GetDirectoryName(ShippedPath)!, recursive: true);
}
