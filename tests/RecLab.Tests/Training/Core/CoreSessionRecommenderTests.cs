using RecLab.Recommenders;
using RecLab.Service;
using RecLab.Training.Core;

namespace RecLab.Tests.Training.Core;

public sealed class CoreSessionRecommenderTests
{
    // Five tracks in 2-d; items 1..5 are tracks 0..4.
    private static readonly float[] Vectors = [1, 0, 0.9f, 0.1f, 0, 1, 0.1f, 0.9f, -1, 0];
    private static readonly RecommendationLists UserLists = new(new Dictionary<int, int[]> { [0] = [4, 2, 1, 3] });
    private static readonly RecommendationLists Similar = new(new Dictionary<int, int[]> { [0] = [1, 2, 3, 4], [2] = [3, 1, 0, 4] });

    private static int Next(CoreServing serving, params (int Track, double Time)[] plays)
    {
        var recommender = new CoreSessionRecommender(Vectors, 2, [-1, 0, 1, 2, 3, 4], UserLists, Similar, model: null, serving);
        var history = new SessionHistory();
        foreach (var (track, time) in plays) history.Add(track, time);
        var context = new RecommendationContext { User = 0, History = history, Random = new Rng(1) };
        return recommender.RecommendNext(ref context);
    }

    [Fact]
    public void Online_serving_picks_the_unplayed_candidate_closest_to_the_liked_tracks_mean()
    {
        // Liked: track 0 (first) and track 2 (0.9); track 3 (0.3) is not liked. Mean direction (0.5, 0.5): the closest
        // unplayed candidates are 1 (0.9, 0.1) and 3 (played) -> 1 (cos 0.78) beats 4 (-0.71).
        Assert.Equal(1, Next(CoreServing.Online, (0, 1.0), (2, 0.9), (3, 0.3)));
        // Only the first track liked: (1, 0) -> track 1.
        Assert.Equal(1, Next(CoreServing.Online, (0, 1.0), (4, 0.2)));
    }

    [Fact]
    public void Restart_on_skip_walks_the_users_list_until_a_skip_then_serves_the_session()
    {
        // No skip yet: the user's list in rank order, skipping played tracks.
        Assert.Equal(2, Next(CoreServing.RestartOnSkip, (0, 1.0), (4, 0.6)));
        // A skip (track 4 at 0.2): a list from the liked tracks so far (track 0): nearest unplayed is track 1.
        Assert.Equal(1, Next(CoreServing.RestartOnSkip, (0, 1.0), (4, 0.2)));
    }
}
