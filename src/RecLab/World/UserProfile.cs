namespace RecLab.World;

/// <summary>A simulated listener: what they like and how they listen (the course's user model).</summary>
/// <param name="Id">User id, 0-based.</param>
/// <param name="Interests">Tracks that start their sessions (3 by default, drawn by popularity).</param>
/// <param name="ConsumeBias">Offset subtracted from a track's inner product with the session vector (course: uniform in [0, 10]).</param>
/// <param name="ConsumeSharpness">Slope of the sigmoid that turns that difference into listening time (course: uniform in [0.5, 2]).</param>
/// <param name="SessionBudget">Patience: a session ends when it reaches 0 (course: 5).</param>
/// <param name="ArtistDiscountGamma">Listening time is multiplied by gamma per earlier play of the same artist in the session (course: 0.8).</param>
/// <param name="InterestNeighbours">How many nearest tracks of an interest the first track is drawn from (course: 10).</param>
public sealed record UserProfile(
    int Id,
    int[] Interests,
    double ConsumeBias,
    double ConsumeSharpness,
    int SessionBudget = UserProfile.DefaultSessionBudget,
    double ArtistDiscountGamma = UserProfile.DefaultArtistDiscountGamma,
    int InterestNeighbours = UserProfile.DefaultInterestNeighbours)
{
    /// <summary>The course's default consume bias for imported users that do not give one.</summary>
    public const double DefaultConsumeBias = 5.0;
    /// <summary>The course's default consume sharpness.</summary>
    public const double DefaultConsumeSharpness = 1.0;
    /// <summary>The course's default session budget.</summary>
    public const int DefaultSessionBudget = 5;
    /// <summary>The course's default artist discount.</summary>
    public const double DefaultArtistDiscountGamma = 0.8;
    /// <summary>The course's default number of interest neighbours.</summary>
    public const int DefaultInterestNeighbours = 10;
}
