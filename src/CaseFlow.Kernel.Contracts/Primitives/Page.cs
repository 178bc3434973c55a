namespace CaseFlow.Kernel.Primitives;

/// <summary>One page of a keyset-paged list; <see cref="Next"/> is the cursor for the following page, or null at the end.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);
