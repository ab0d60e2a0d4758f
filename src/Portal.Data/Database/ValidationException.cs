namespace Portal.Data.Database;

/// <summary>Input that breaks a rule; <see cref="Errors"/> maps a field name to what is wrong with it.</summary>
public sealed class ValidationException(IReadOnlyDictionary<string, string> errors)
    : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}
