using RecLab.Datasets;

namespace RecLab.Tests.Datasets;

public sealed class SessionDataTests
{
    private static PlaySessions Sessions(params (int User, int[] Tracks)[] sessions)
    {
        var offsets = new List<int> { 0 };
        var tracks = new List<int>();
        foreach (var (_, t) in sessions)
        {
            tracks.AddRange(t);
            offsets.Add(tracks.Count);
        }
        return new PlaySessions(sessions.Select(s => s.User).ToArray(), [.. offsets], [.. tracks], tracks.Select(_ => 1.0).ToArray(),
            Enumerable.Range(0, tracks.Count).Select(i => (long)i).ToArray());
    }

    [Fact]
    public void Every_prefix_predicts_the_next_item_left_aligned_and_truncated_to_the_latest_items()
    {
        var log = Sessions(Enumerable.Range(0, 10).Select(s => (s % 3, new[] { 1, 2, 3, 4 })).ToArray());

        var data = SessionData.Build(log, 5, new SessionDataOptions { MaxLength = 2, MinItemInteractions = 1, MinUserInteractions = 1 });

        // Tracks 1..4 become items 1..4; 10 sessions split 8/1/1, each giving 3 examples.
        Assert.Equal([-1, 1, 2, 3, 4], data.ItemToTrack);
        Assert.Equal((24, 3, 3), (data.Train.Count, data.Valid.Count, data.Test.Count));
        Assert.Equal([1, 0], data.Train.Prefix[..2]);
        Assert.Equal([1, 2], data.Train.Prefix[2..4]);
        Assert.Equal([2, 3], data.Train.Prefix[4..6]);
        Assert.Equal([2, 3, 4], data.Train.Target[..3]);
        Assert.Equal([1, 2, 2], data.Train.Length[..3]);
    }

    [Fact]
    public void The_interaction_floors_are_applied_until_both_hold()
    {
        // Track 9 is liked 3 times, but two of those are by user 2, who has only 2 liked plays in all: dropping user 2
        // leaves track 9 with one liked play, so it goes too.
        var log = Sessions((0, [1, 2, 9]), (0, [1, 2]), (1, [1, 2, 3]), (1, [3, 1]), (2, [9, 9]), (0, [2, 1, 3]), (1, [1, 3]), (0, [3, 2]), (1, [2, 1]), (0, [1, 3]));

        var data = SessionData.Build(log, 10);

        Assert.Equal(-1, data.TrackToItem[9]);
        Assert.DoesNotContain(2, data.LastSessionUsers);
        Assert.Equal([0, 1], data.LastSessionUsers);
        Assert.Equal([1, 3], data.LastSessionOf(0).ToArray().Select(i => data.ItemToTrack[i]));
    }

    [Fact]
    public void Too_little_left_after_filtering_is_named()
    {
        var e = Assert.Throws<InvalidDataException>(() => SessionData.Build(Sessions((0, [1, 2])), 3));

        Assert.Contains("collect a longer log", e.Message);
    }
}
