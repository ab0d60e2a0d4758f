namespace Portal.Data.SharedKeys;

/// <summary>A shared key that cannot be read with the configured key-encryption key: the node must not start with it.</summary>
public sealed class SharedKeyException(string message, Exception? inner = null) : Exception(message, inner);
