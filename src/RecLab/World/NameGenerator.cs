using System.Text;

namespace RecLab.World;

/// <summary>Pronounceable made-up names for artists and titles, so that notebooks show something readable.</summary>
internal static class NameGenerator
{
    private static readonly string[] Onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "cl", "dr", "gr", "st", "tr", "sh", "th"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"];
    private static readonly string[] Codas = ["", "", "", "n", "r", "s", "l", "x", "th", "nd"];
    private static readonly string[] Words =
        ["Midnight", "Echo", "Neon", "River", "Silver", "Lights", "Falling", "Summer", "Ghost", "Paper", "Golden", "Heart",
         "Ocean", "City", "Dream", "Wild", "Static", "Velvet", "Fire", "Glass", "Moon", "Road", "Signal", "Winter", "Shadow",
         "Electric", "Slow", "Blue", "Satellite", "Garden", "Horizon", "Drift", "Storm", "Little", "Crystal", "Morning"];

    public static string Word(ref Rng rng, int syllables)
    {
        var name = new StringBuilder();
        for (var i = 0; i < syllables; i++)
            name.Append(Onsets[rng.NextInt(Onsets.Length)]).Append(Vowels[rng.NextInt(Vowels.Length)]).Append(Codas[rng.NextInt(Codas.Length)]);
        name[0] = char.ToUpperInvariant(name[0]);
        return name.ToString();
    }

    public static string Artist(ref Rng rng) =>
        rng.NextDouble() < 0.35 ? $"The {Words[rng.NextInt(Words.Length)]} {Word(ref rng, 2)}s" : $"{Word(ref rng, 2)} {Word(ref rng, 1 + rng.NextInt(2))}";

    public static string Title(ref Rng rng) =>
        rng.NextInt(3) switch
        {
            0 => $"{Words[rng.NextInt(Words.Length)]} {Words[rng.NextInt(Words.Length)]}",
            1 => $"{Words[rng.NextInt(Words.Length)]} of {Word(ref rng, 2)}",
            _ => Word(ref rng, 2 + rng.NextInt(2)),
        };

    public static string Genre(int index, int count)
    {
        string[] names = ["Pop", "Rock", "Hip-Hop", "Electronic", "Jazz", "Classical", "Metal", "Folk", "R&B", "Country",
            "Reggae", "Blues", "Punk", "Soul", "Latin", "Ambient", "Indie", "Techno", "House", "K-Pop"];
        return count <= names.Length ? names[index] : $"{names[index % names.Length]} {index / names.Length + 1}";
    }
}
