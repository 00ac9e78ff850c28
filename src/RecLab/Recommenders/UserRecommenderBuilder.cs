using System.Reflection;
using System.Text;
using RecLab.World;

namespace RecLab.Recommenders;

/// <summary>Builds a user's recommender class from a spec by its constructor (see
/// <see cref="RecommenderFactory.Add(Type, string?)"/>), and names it.</summary>
internal static class UserRecommenderBuilder
{
    /// <summary>The builder for <paramref name="type"/>: the first public constructor whose parameters are all things the
    /// factory can give (the factory, the world, the spec).</summary>
    public static RecommenderFactory.Builder For(Type type)
    {
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .Where(c => c.GetParameters().All(p => Supplied(p.ParameterType)))
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault() ?? throw new ArgumentException(
                $"{type.Name} needs a public constructor taking (RecommenderFactory or MusicWorld, and optionally RecommenderSpec), or none.", nameof(type));
        return (spec, factory) =>
        {
            var arguments = constructor.GetParameters().Select(p =>
                p.ParameterType == typeof(RecommenderFactory) ? factory
                : p.ParameterType == typeof(MusicWorld) ? factory.World
                : (object)spec).ToArray();
            try
            {
                return (IRecommender)constructor.Invoke(arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new FormatException($"recommender '{spec}': {type.Name}'s constructor failed: {e.InnerException.Message}", e.InnerException);
            }
        };
    }

    /// <summary><c>FirstTrackArtist</c> → <c>first-track-artist</c>; <c>DSSMBest</c> → <c>dssm-best</c>.</summary>
    public static string KebabCase(string name)
    {
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c)) { if (text.Length > 0 && text[^1] != '-') text.Append('-'); continue; }
            var boundary = char.IsUpper(c) && i > 0 && text.Length > 0 && text[^1] != '-' &&
                (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (boundary) text.Append('-');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString().Trim('-');
    }

    private static bool Supplied(Type type) => type == typeof(RecommenderFactory) || type == typeof(MusicWorld) || type == typeof(RecommenderSpec);
}
