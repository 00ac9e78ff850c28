using RecLab.Tests.TestSupport;
using RecLab.World;

namespace RecLab.Tests.World;

public sealed class WorldFileTests
{
    [Fact]
    public void A_saved_world_loads_back_identical()
    {
        using var dir = new TempDir();
        var world = Worlds.Small;

        var file = WorldFile.Save(world, dir.Path);
        var loaded = WorldFile.Load(dir.Path);

        Assert.Equal(Path.Combine(dir.Path, WorldFile.FileName), file);
        Assert.True(world.Embeddings.SequenceEqual(loaded.Embeddings));
        Assert.Equal(world.GetTrack(123), loaded.GetTrack(123));
        Assert.Equal(world.Genres, loaded.Genres);
        Assert.Equal(world.User(9).Interests, loaded.User(9).Interests);
        Assert.Equal(world.User(9) with { Interests = [] }, loaded.User(9) with { Interests = [] });
    }

    [Fact]
    public void A_truncated_or_damaged_file_is_refused_with_its_name()
    {
        using var dir = new TempDir();
        var file = WorldFile.Save(Worlds.Tiny(), dir.Path);
        var bytes = File.ReadAllBytes(file);

        File.WriteAllBytes(dir.File("cut.bin"), bytes[..(bytes.Length - 20)]);
        var flipped = bytes.ToArray();
        flipped[60] ^= 0x10;
        File.WriteAllBytes(dir.File("flipped.bin"), flipped);
        File.WriteAllText(dir.File("text.bin"), "not a world at all, just text");

        Assert.Contains("cut.bin: truncated", Assert.Throws<InvalidDataException>(() => WorldFile.Load(dir.File("cut.bin"))).Message);
        Assert.Contains("checksum mismatch", Assert.Throws<InvalidDataException>(() => WorldFile.Load(dir.File("flipped.bin"))).Message);
        Assert.Contains("not a RecLab world", Assert.Throws<InvalidDataException>(() => WorldFile.Load(dir.File("text.bin"))).Message);
        Assert.Throws<FileNotFoundException>(() => WorldFile.Load(dir.File("missing")));
    }
}
