using RecLab.Datasets;

namespace RecLab.Tests.Datasets;

public sealed class DssmDataTests
{
    /// <summary>User 1 likes tracks 1..10 at times 1..10, one session each; user 0 likes the same tracks at 101..110.</summary>
    private static PlaySessions Log()
    {
        var user = new List<int>();
        var offsets = new List<int> { 0 };
        var track = new List<int>();
        var stamp = new List<long>();
        foreach (var (u, start) in new[] { (1, 0L), (0, 100L) })
            for (var t = 1; t <= 10; t++)
            {
                user.Add(u);
                track.Add(t);
                stamp.Add(start + t);
                offsets.Add(track.Count);
            }
        return new PlaySessions([.. user], [.. offsets], [.. track], track.Select(_ => 1.0).ToArray(), [.. stamp]);
    }

    [Fact]
    public void Training_features_are_earlier_positives_and_held_out_examples_see_only_training_positives()
    {
        var data = DssmData.Build(Log(), trackCount: 12, userCount: 2, new DssmDataOptions { MinTrackPositives = 1, HistoryLength = 3, ValidFraction = 0.2, TestFraction = 0.2 });

        // 20 positives: the first 12 train (user 1's ten, user 0's tracks 1 and 2), 4 validate, 4 test.
        Assert.Equal(2, data.SkippedWithoutHistory);
        Assert.Equal(10, data.Train.Count);
        Assert.Equal([1, -1, -1], HistoryOf(data.Train, user: 1, target: 2));
        Assert.Equal([9, 8, 7], HistoryOf(data.Train, user: 1, target: 10));
        Assert.Equal([1, -1, -1], HistoryOf(data.Train, user: 0, target: 2));
        Assert.Equal([3, 4, 5, 6], data.Valid.Target);
        Assert.Equal([7, 8, 9, 10], data.Test.Target);
        Assert.All(Enumerable.Range(0, data.Test.Count), i => Assert.Equal([2, 1, -1], data.Test.HistoryOf(i).ToArray()));
        Assert.All(Enumerable.Range(0, data.Valid.Count), i => Assert.Equal([2, 1, -1], data.Valid.HistoryOf(i).ToArray()));
        Assert.Equal([2, 1, -1], data.EvalHistory.AsSpan(0, 3).ToArray());
        Assert.Equal([10, 9, 8], data.ServeHistory.AsSpan(0, 3).ToArray());
    }

    private static int[] HistoryOf(DssmExamples examples, int user, int target) =>
        examples.HistoryOf(Enumerable.Range(0, examples.Count).Single(i => examples.User[i] == user && examples.Target[i] == target)).ToArray();

    [Fact]
    public void Candidates_are_the_tracks_with_enough_training_positives()
    {
        var log = new PlaySessions([0, 0, 0, 1, 1], [0, 2, 4, 6, 8, 10], [1, 2, 1, 3, 1, 2, 4, 4, 4, 4], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

        var data = DssmData.Build(log, 5, 2, new DssmDataOptions { MinTrackPositives = 2, ValidFraction = 0.1, TestFraction = 0.1 });

        Assert.Equal([0, 3, 2, 1, 2], data.TrainPositives);
        Assert.Equal([1, 2, 4], data.Candidates);
        Assert.DoesNotContain(3, data.Train.Target);
    }

    [Fact]
    public void A_log_too_small_to_split_is_named()
    {
        var log = new PlaySessions([0], [0, 2], [1, 2], [1.0, 0.2], [1, 2]);

        var e = Assert.Throws<InvalidDataException>(() => DssmData.Build(log, 5, 1));

        Assert.Contains("1 positives (time > 0.8) are too few", e.Message);
    }
}
