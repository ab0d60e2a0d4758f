namespace Portal.Web.Lists;

/// <summary>The search box of a list's filter form: what was searched for, and a hint of where it looks.</summary>
public sealed record ListSearch(string? Q, string Hint);
