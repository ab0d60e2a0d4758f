namespace Portal.Data.Database;

/// <summary>A unique key said no: the caller asked for something that already exists.</summary>
public sealed class DuplicateException(string message, Exception? inner = null) : Exception(message, inner);
