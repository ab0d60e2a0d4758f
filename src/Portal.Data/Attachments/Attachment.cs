namespace Portal.Data.Attachments;

/// <summary>A stored file's metadata. The original name is kept for display and download only, never as a path.</summary>
public sealed record Attachment
{
    public long Id { get; init; }
    public long PartnershipId { get; init; }
    public required string OwnerType { get; init; }
    public long OwnerId { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public long SizeBytes { get; init; }
    public required string Sha256 { get; init; }
    public bool SupplierOnly { get; init; }
    public long? UploadedByUserId { get; init; }
    public string? UploadedByName { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
}

/// <summary>A file on its way in, as the browser or another caller handed it over.</summary>
public sealed record NewAttachment(string FileName, string ContentType, byte[] Content, bool SupplierOnly = false);

/// <summary>A file on its way out: the metadata and the bytes, after the tenancy check.</summary>
public sealed record AttachmentContent(Attachment Metadata, byte[] Content);

/// <summary>The "Portal:Attachments" configuration section.</summary>
public sealed class AttachmentOptions
{
    public const long DefaultMaxBytes = 20L * 1024 * 1024;

    public long MaxBytes { get; set; } = DefaultMaxBytes;
}

/// <summary>What an attachment belongs to; each feature that keeps files adds its own name.</summary>
public static class AttachmentOwners
{
    public const string DesignRequest = "DesignRequest";
    public const string QualityIssue = "QualityIssue";
}
