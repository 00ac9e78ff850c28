namespace RecLab.World;

/// <summary>One track as notebooks show it.</summary>
/// <param name="Id">Track id, 0-based.</param>
/// <param name="Artist">Artist id.</param>
/// <param name="ArtistName">Artist name.</param>
/// <param name="Title">Track title.</param>
/// <param name="Genre">Genre name.</param>
/// <param name="Popularity">Listener count (heavy-tailed).</param>
public sealed record Track(int Id, int Artist, string ArtistName, string Title, string Genre, long Popularity);
