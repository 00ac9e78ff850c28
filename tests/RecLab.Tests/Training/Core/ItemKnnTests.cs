using RecLab.Datasets;
using RecLab.Training.Core;

namespace RecLab.Tests.Training.Core;

public sealed class ItemKnnTests
{
    [Fact]
    public void Neighbours_are_ranked_by_cosine_of_session_co_occurrence_then_popularity()
    {
        // The first 8 sessions train (8:1:1).
        int[][] sessions = [[1, 2], [1, 2], [1, 3], [3, 4], [2, 4], [1, 2], [3, 4], [2, 4], [1, 2], [3, 4]];
        var offsets = new List<int> { 0 };
        foreach (var s in sessions) offsets.Add(offsets[^1] + s.Length);
        var flat = sessions.SelectMany(s => s).ToArray();
        var log = new PlaySessions(sessions.Select(_ => 0).ToArray(), [.. offsets], flat, flat.Select(_ => 1.0).ToArray(), Enumerable.Range(0, flat.Length).Select(i => (long)i).ToArray());
        var data = SessionData.Build(log, 5, new SessionDataOptions { MinItemInteractions = 1, MinUserInteractions = 1 });

        var knn = ItemKnn.Fit(data);

        // Training sessions with track 1: 4, with 2: 5, with both: 3 -> cos 3/sqrt(20); 1 and 3 together once of 4 and 3
        // -> 1/sqrt(12); 4 never appears with 1, so it comes from the popularity fill.
        var item = (int t) => data.TrackToItem[t];
        var recommended = knn.Recommend(item(1), 3).Select(i => data.ItemToTrack[i]).ToArray();
        Assert.Equal([2, 3, 4], recommended);
    }
}
