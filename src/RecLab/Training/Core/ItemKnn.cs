using RecLab.Datasets;

namespace RecLab.Training.Core;

/// <summary>
/// Session item-KNN (Ludewig and Jannach, 2018, "Evaluation of session-based recommendation algorithms"): the items
/// most similar to the session's last item, similarity = sessions with both / sqrt(sessions with each) (cosine of
/// session co-occurrence) over training sessions; ties and short lists are filled by popularity. The non-neural
/// baseline CORE is compared with in the same harness.
/// </summary>
public sealed class ItemKnn
{
    private readonly (int Item, float Similarity)[][] _neighbours;
    private readonly int[] _popular;

    private ItemKnn((int, float)[][] neighbours, int[] popular)
    {
        _neighbours = neighbours;
        _popular = popular;
    }

    /// <summary>Counts co-occurrences in the training sessions of <paramref name="data"/>, keeping the
    /// <paramref name="keep"/> nearest neighbours of each item.</summary>
    public static ItemKnn Fit(SessionData data, int keep = 200)
    {
        var sessions = new Dictionary<int, HashSet<int>>();
        var train = data.Train;
        for (var i = 0; i < train.Count; i++)
        {
            if (!sessions.TryGetValue(train.Session[i], out var items)) sessions[train.Session[i]] = items = [];
            foreach (var item in train.PrefixOf(i)) items.Add(item);
            items.Add(train.Target[i]);
        }
        var counts = new int[data.Items];
        var pairs = new Dictionary<long, int>();
        foreach (var items in sessions.Values)
        {
            var distinct = items.ToArray();
            foreach (var a in distinct)
            {
                counts[a]++;
                foreach (var b in distinct)
                    if (a != b) pairs[(long)a * data.Items + b] = pairs.GetValueOrDefault((long)a * data.Items + b) + 1;
            }
        }
        var lists = new List<(int, float)>[data.Items];
        foreach (var ((key, together), _) in pairs.Select(p => (p, 0)))
        {
            var (a, b) = ((int)(key / data.Items), (int)(key % data.Items));
            (lists[a] ??= []).Add((b, (float)(together / Math.Sqrt((double)counts[a] * counts[b]))));
        }
        var neighbours = lists.Select(l => l is null ? [] : l.OrderByDescending(x => x.Item2).ThenBy(x => x.Item1).Take(keep).ToArray()).ToArray();
        var popular = Enumerable.Range(1, data.Items - 1).OrderByDescending(i => data.TrainItemCounts[i]).ThenBy(i => i).ToArray();
        return new ItemKnn(neighbours, popular);
    }

    /// <summary>The <paramref name="k"/> best next items after a session ending in <paramref name="lastItem"/>.</summary>
    public int[] Recommend(int lastItem, int k)
    {
        var list = new List<int>(k);
        var seen = new HashSet<int>();
        if ((uint)lastItem < (uint)_neighbours.Length)
            foreach (var (item, _) in _neighbours[lastItem])
            {
                if (list.Count == k) break;
                if (seen.Add(item)) list.Add(item);
            }
        foreach (var item in _popular)
        {
            if (list.Count == k) break;
            if (seen.Add(item)) list.Add(item);
        }
        return [.. list];
    }
}
