namespace RecLab.Bandits.Policies;

/// <summary>K distinct items uniformly at random, always: the floor every policy must clear.</summary>
public sealed class RandomPolicy : IBanditPolicy
{
    private BanditProblem _problem = null!;
    private Rng _random;

    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public void Reset(BanditProblem problem, ulong seed)
    {
        _problem = problem;
        _random = new Rng(seed);
    }

    /// <inheritdoc />
    public void Recommend(ReadOnlySpan<int> users, Span<int> slates, int iteration, bool final)
    {
        for (var u = 0; u < users.Length; u++) SlateSelection.Uniform(_problem.Items, slates.Slice(u * _problem.K, _problem.K), ref _random);
    }

    /// <inheritdoc />
    public void Update(ReadOnlySpan<int> users, ReadOnlySpan<int> slates, ReadOnlySpan<bool> responses, int iteration)
    {
    }
}
