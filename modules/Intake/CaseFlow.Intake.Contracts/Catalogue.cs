using CaseFlow.Kernel.Messaging;
using CaseFlow.Kernel.Primitives;

namespace CaseFlow.Intake.Contracts;

/// <summary>Lists the catalogue by code a page at a time (keyset after <paramref name="After"/>); published items only when asked.</summary>
public sealed record ListServiceItems(bool PublishedOnly, string? After, int Limit) : IRequest<Page<ServiceItemDto>>;
