namespace RecLab.Bandits;

/// <summary>
/// Per-item pulls and successes for non-contextual policies, with optional forgetting for drifting tasks: a discount
/// per iteration (<c>n ← γ n</c>, <c>s ← γ s</c> before adding the new batch; Garivier and Moulines 2011) or a sliding
/// window of the last W iterations.
/// </summary>
public sealed class ArmCounts
{
    private readonly double _discount;
    private readonly int _window;
    private readonly double[] _pulls;
    private readonly double[] _successes;
    private readonly Queue<(double[] Pulls, double[] Successes)> _history = new();

    /// <summary>Counts for <paramref name="items"/> items; <paramref name="discount"/> 1 and <paramref name="window"/> 0 keep everything.</summary>
    public ArmCounts(int items, double discount = 1.0, int window = 0)
    {
        if (!(discount > 0 && discount <= 1)) throw new ArgumentOutOfRangeException(nameof(discount), discount, "must be in (0, 1]");
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        _discount = discount;
        _window = window;
        _pulls = new double[items];
        _successes = new double[items];
    }

    /// <summary>(Discounted, windowed) pulls per item.</summary>
    public ReadOnlySpan<double> Pulls => _pulls;

    /// <summary>(Discounted, windowed) successes per item.</summary>
    public ReadOnlySpan<double> Successes => _successes;

    /// <summary>Total pulls.</summary>
    public double Total { get; private set; }

    /// <summary>Adds one iteration's batch.</summary>
    public void Add(ReadOnlySpan<int> slates, ReadOnlySpan<bool> responses)
    {
        if (_discount < 1)
            for (var i = 0; i < _pulls.Length; i++)
            {
                _pulls[i] *= _discount;
                _successes[i] *= _discount;
            }
        var batchPulls = new double[_pulls.Length];
        var batchSuccesses = new double[_pulls.Length];
        for (var j = 0; j < slates.Length; j++)
        {
            batchPulls[slates[j]]++;
            if (responses[j]) batchSuccesses[slates[j]]++;
        }
        for (var i = 0; i < _pulls.Length; i++)
        {
            _pulls[i] += batchPulls[i];
            _successes[i] += batchSuccesses[i];
        }
        if (_window > 0)
        {
            _history.Enqueue((batchPulls, batchSuccesses));
            if (_history.Count > _window)
            {
                var (oldPulls, oldSuccesses) = _history.Dequeue();
                for (var i = 0; i < _pulls.Length; i++)
                {
                    _pulls[i] -= oldPulls[i];
                    _successes[i] -= oldSuccesses[i];
                }
            }
        }
        Total = 0;
        foreach (var p in _pulls) Total += p;
    }

    /// <summary>Success rate of <paramref name="item"/>, or <paramref name="unseen"/> when never pulled.</summary>
    public double Mean(int item, double unseen = double.PositiveInfinity) => _pulls[item] > 1e-9 ? _successes[item] / _pulls[item] : unseen;
}
