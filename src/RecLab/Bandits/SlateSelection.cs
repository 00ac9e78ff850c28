namespace RecLab.Bandits;

/// <summary>How policies turn item scores into a slate of K distinct items.</summary>
public static class SlateSelection
{
    /// <summary>The K highest-scoring items into <paramref name="slate"/>, best first; ties are broken at random (so
    /// equally unknown items are explored evenly rather than by id).</summary>
    public static void TopK(ReadOnlySpan<double> scores, Span<int> slate, ref Rng random)
    {
        var k = slate.Length;
        Span<double> keys = k <= 64 ? stackalloc double[k] : new double[k];
        Span<ulong> tiebreaks = k <= 64 ? stackalloc ulong[k] : new ulong[k];
        var filled = 0;
        for (var item = 0; item < scores.Length; item++)
        {
            var s = scores[item];
            if (filled == k && s < keys[k - 1]) continue;
            var t = random.NextULong();
            if (filled == k && s == keys[k - 1] && t <= tiebreaks[k - 1]) continue;
            var j = filled < k ? filled++ : k - 1;
            while (j > 0 && (keys[j - 1] < s || (keys[j - 1] == s && tiebreaks[j - 1] < t)))
            {
                keys[j] = keys[j - 1];
                tiebreaks[j] = tiebreaks[j - 1];
                slate[j] = slate[j - 1];
                j--;
            }
            keys[j] = s;
            tiebreaks[j] = t;
            slate[j] = item;
        }
    }

    /// <summary>K distinct items drawn in proportion to <paramref name="weights"/>, without replacement (successive draws
    /// from the remaining items). Non-positive weights are never drawn unless nothing else is left.</summary>
    public static void Proportional(ReadOnlySpan<double> weights, Span<int> slate, ref Rng random)
    {
        var n = weights.Length;
        Span<double> w = n <= 1024 ? stackalloc double[n] : new double[n];
        var total = 0.0;
        for (var i = 0; i < n; i++) total += w[i] = Math.Max(0, weights[i]);
        for (var s = 0; s < slate.Length; s++)
        {
            int pick;
            if (total <= 1e-300)
            {
                do pick = random.NextInt(n);
                while (slate[..s].Contains(pick));
            }
            else
            {
                var x = random.NextDouble() * total;
                pick = -1;
                for (var i = 0; i < n; i++)
                {
                    if (w[i] <= 0) continue;
                    pick = i;
                    x -= w[i];
                    if (x < 0) break;
                }
                total -= w[pick];
                w[pick] = 0;
            }
            slate[s] = pick;
        }
    }

    /// <summary>K distinct items uniformly at random (partial Fisher–Yates).</summary>
    public static void Uniform(int items, Span<int> slate, ref Rng random)
    {
        for (var s = 0; s < slate.Length; s++)
        {
            int pick;
            do pick = random.NextInt(items);
            while (slate[..s].Contains(pick));
            slate[s] = pick;
        }
    }
}
