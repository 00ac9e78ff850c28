using RecLab.Recommenders;
using RecLab.Service;

namespace RecLab.Tests.Recommenders;

public sealed class SessionRerankRecommenderTests
{
    // Tracks 0..4 in 2-d.
    private static readonly float[] Vectors = [1, 0, 0, 1, 0.8f, 0.2f, 0.2f, 0.8f, -1, 0];
    private static readonly RecommendationLists Lists = new(new Dictionary<int, int[]> { [7] = [4, 3, 2, 1] });

    private static int Next(params (int Track, double Time)[] plays)
    {
        var history = new SessionHistory();
        foreach (var (track, time) in plays) history.Add(track, time);
        var context = new RecommendationContext { User = 7, History = history, Random = new Rng(1) };
        return new SessionRerankRecommender(Lists, Vectors, 2).RecommendNext(ref context);
    }

    [Fact]
    public void The_list_is_reranked_by_the_sum_of_the_sessions_liked_track_vectors()
    {
        // First track 0 (1, 0) liked: track 2 (0.8, 0.2) scores 0.8, the best of the list.
        Assert.Equal(2, Next((0, 1.0)));
        // Track 1 (0, 1) liked too: sum (1, 1); tracks 2 and 3 both score 1.0; the higher-ranked (3) wins.
        Assert.Equal(3, Next((0, 1.0), (1, 0.9)));
        // Track 1 heard at 0.5 does not count: back to track 2.
        Assert.Equal(2, Next((0, 1.0), (1, 0.5)));
        // Played tracks are skipped.
        Assert.Equal(3, Next((0, 1.0), (2, 0.5)));
    }

    [Fact]
    public void Users_without_a_list_get_no_answer_so_a_fallback_can_answer()
    {
        var context = new RecommendationContext { User = 8, History = new SessionHistory(), Random = new Rng(1) };
        Assert.Equal(-1, new SessionRerankRecommender(Lists, Vectors, 2).RecommendNext(ref context));
    }
}
