namespace Portal.Data.Database;

/// <summary>The caller's scope does not allow the operation at all (as opposed to a record it cannot see).</summary>
public sealed class ScopeException(string message) : Exception(message);
