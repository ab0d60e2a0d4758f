using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Attachments;

/// <summary>
/// Files of every feature, kept in the database so that all nodes serve the same ones. Supplier-only files are
/// filtered out in the queries of customers' and ERP clients' scopes.
/// </summary>
public sealed class AttachmentStore(PortalDatabase database, ChangeRecorder changes, AttachmentOptions options, TimeProvider clock)
{
    /// <summary>The field name of the file in a <see cref="ValidationException"/>.</summary>
    public const string FileField = "File";

    private const string Select = """
        SELECT a.id, a.partnership_id, a.owner_type, a.owner_id, a.file_name, a.content_type, a.size_bytes, a.sha256,
               a.supplier_only, a.uploaded_by_user_id, u.display_name AS uploaded_by_name, a.uploaded_at
        FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by_user_id
        """;

    public long MaxBytes => options.MaxBytes;

    /// <summary>
    /// Adds a file inside the owner's transaction (the owner store has checked that the caller may touch the owner).
    /// A file that breaks <see cref="AttachmentRules"/> stores nothing and raises a <see cref="ValidationException"/>.
    /// </summary>
    public async Task<Attachment> AddAsync(DbConnection connection, DbTransaction transaction, CallerScope scope, long partnershipId, string ownerType, long ownerId, NewAttachment file, CancellationToken cancellationToken)
    {
        if (!scope.CanSee(partnershipId))
        {
            throw new ScopeException("The partnership is outside the caller's scope.");
        }
        if (file.SupplierOnly && !scope.IsSupplier)
        {
            throw new ScopeException("Only the supplier's staff keep files to themselves.");
        }
        if (AttachmentRules.Check(file.FileName, file.ContentType, file.Content.LongLength, file.Content, options.MaxBytes) is { } problem)
        {
            throw new ValidationException(new Dictionary<string, string> { [FileField] = problem });
        }
        var id = await connection.QuerySingleAsync<long>(new CommandDefinition(
            """
            INSERT INTO attachments (partnership_id, owner_type, owner_id, file_name, content_type, size_bytes, sha256, supplier_only, uploaded_by_user_id, uploaded_at)
            VALUES (@partnershipId, @ownerType, @ownerId, @FileName, @ContentType, @SizeBytes, @Sha256, @SupplierOnly, @UploadedBy, @Now)
            RETURNING id
            """,
            new
            {
                partnershipId, ownerType, ownerId, file.FileName,
                ContentType = AttachmentRules.ContentTypeFor(file.FileName),
                SizeBytes = file.Content.LongLength,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Content)),
                file.SupplierOnly,
                UploadedBy = scope.Kind == ActorKind.User ? scope.ActorId : null,
                Now = clock.GetUtcNow(),
            }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("INSERT INTO attachment_contents (attachment_id, content) VALUES (@id, @Content)", new { id, file.Content }, transaction, cancellationToken: cancellationToken));
        var added = await connection.QuerySingleAsync<Attachment>(new CommandDefinition($"{Select} WHERE a.id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        // The trail is readable by both sides: a supplier-only file leaves no name there.
        object after = added.SupplierOnly ? new { added.Id, added.OwnerType, added.OwnerId, added.SupplierOnly } : added;
        await changes.RecordAsync(connection, transaction, scope, ChangeKinds.Attachment.Of(partnershipId, id, AttachmentChange.Added, null, after), cancellationToken);
        return added;
    }

    public async Task<IReadOnlyList<Attachment>> ListForOwnerAsync(CallerScope scope, long partnershipId, string ownerType, long ownerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Attachment>(new CommandDefinition(
            $"""
            {Select}
            WHERE a.partnership_id = @partnershipId AND {database.Dialect.IsIn("a.partnership_id", "@Allowed")}
              AND a.owner_type = @ownerType AND a.owner_id = @ownerId {SupplierOnlyFilter(scope)}
            ORDER BY a.uploaded_at, a.id
            """, new { partnershipId, Allowed = scope.PartnershipIds, ownerType, ownerId }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>The file for a download; null when it does not exist, is another tenant's or is hidden from the caller.</summary>
    public async Task<AttachmentContent?> OpenAsync(CallerScope scope, long partnershipId, long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var metadata = await connection.QuerySingleOrDefaultAsync<Attachment>(new CommandDefinition(
            $"""
            {Select}
            WHERE a.id = @id AND a.partnership_id = @partnershipId AND {database.Dialect.IsIn("a.partnership_id", "@Allowed")} {SupplierOnlyFilter(scope)}
            """, new { id, partnershipId, Allowed = scope.PartnershipIds }, cancellationToken: cancellationToken));
        if (metadata is null)
        {
            return null;
        }
        var content = await connection.QuerySingleAsync<byte[]>(new CommandDefinition(
            "SELECT content FROM attachment_contents WHERE attachment_id = @id", new { id }, cancellationToken: cancellationToken));
        return new AttachmentContent(metadata, content);
    }

    private static string SupplierOnlyFilter(CallerScope scope) => scope.IsSupplier ? "" : "AND a.supplier_only = FALSE";
}
