namespace RecLab.Bandits.OffPolicy;

/// <summary>One logged decision of a behaviour policy: the user (context), the item it showed, the probability with
/// which it chose that item (its propensity), and the response.</summary>
/// <param name="User">The user.</param>
/// <param name="Item">The item shown.</param>
/// <param name="Propensity">π₀(item | user) of the behaviour policy when it chose.</param>
/// <param name="Reward">The response, 0 or 1.</param>
public readonly record struct LoggedRound(int User, int Item, double Propensity, double Reward);
