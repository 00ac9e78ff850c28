using RecLab.Recommenders;

namespace RecLab.Experiments;

/// <summary>One arm of an experiment: its name (C, T1, ...), the spec it was built from, and the recommender.</summary>
/// <param name="Name">Arm name as logged, e.g. <c>C</c> or <c>T1</c>.</param>
/// <param name="Spec">The recommender spec (see <see cref="RecommenderSpec"/>), for reports and <c>/experiments</c>.</param>
/// <param name="Recommender">The recommender that serves users of this arm.</param>
public sealed record Arm(string Name, string Spec, IRecommender Recommender);
