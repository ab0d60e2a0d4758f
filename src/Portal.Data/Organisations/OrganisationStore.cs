using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Organisations;

/// <summary>Organisations are managed by supplier admins only; every method checks that first.</summary>
public sealed class OrganisationStore(PortalDatabase database, ChangeRecorder changes, TimeProvider clock)
{
    private const string Columns = "id, name, kind, created_at, time_zone";

    public async Task<IReadOnlyList<Organisation>> ListAsync(CallerScope scope, CancellationToken cancellationToken = default)
    {
        RequireAdmin(scope);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Organisation>(new CommandDefinition(
            $"SELECT {Columns} FROM organisations ORDER BY kind DESC, name", cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public const int PageSize = 25;

    /// <summary>One page of the organisations for the admin list, the supplier first: every new customer adds one.</summary>
    public async Task<Page<Organisation>> GetPageAsync(CallerScope scope, int pageNumber, CancellationToken cancellationToken = default)
    {
        RequireAdmin(scope);
        pageNumber = Math.Max(1, pageNumber);
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM organisations", cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<Organisation>(new CommandDefinition(
            $"SELECT {Columns} FROM organisations ORDER BY kind DESC, name, id LIMIT @Limit OFFSET @Offset",
            new { Limit = PageSize, Offset = (long)(pageNumber - 1) * PageSize }, cancellationToken: cancellationToken));
        return new Page<Organisation>(rows.ToList(), pageNumber, PageSize, total);
    }

    /// <summary>An admin sees any organisation; anyone else only their own.</summary>
    public async Task<Organisation?> GetAsync(CallerScope scope, long id, CancellationToken cancellationToken = default)
    {
        if (!scope.IsAdmin && scope.OrganisationId != id)
        {
            return null;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Organisation>(new CommandDefinition(
            $"SELECT {Columns} FROM organisations WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<Organisation?> FindByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Organisation>(new CommandDefinition(
            $"SELECT {Columns} FROM organisations WHERE lower(name) = lower(@name)", new { name }, cancellationToken: cancellationToken));
    }

    /// <summary>Creates an organisation; throws <see cref="DuplicateException"/> when the name (or a second supplier) exists.</summary>
    public Task<Organisation> CreateAsync(CallerScope scope, string name, OrganisationKind kind, CancellationToken cancellationToken = default)
    {
        RequireAdmin(scope);
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            var created = await Constraints.MapDuplicateAsync("An organisation with this name already exists (or a supplier already exists).", () =>
                connection.QuerySingleAsync<Organisation>(new CommandDefinition(
                    $"INSERT INTO organisations (name, kind, created_at) VALUES (@Name, @Kind, @CreatedAt) RETURNING {Columns}",
                    new { Name = name.Trim(), Kind = kind.ToString(), CreatedAt = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken)));
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.Organisation.Of(null, created.Id, OrganisationChange.Created, null, created), cancellationToken);
            return created;
        }, cancellationToken);
    }

    public Task<Organisation?> RenameAsync(CallerScope scope, long id, string name, CancellationToken cancellationToken = default)
    {
        RequireAdmin(scope);
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await connection.QuerySingleOrDefaultAsync<Organisation>(new CommandDefinition(
                $"SELECT {Columns} FROM organisations WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
            if (before is null)
            {
                return null;
            }
            var after = await Constraints.MapDuplicateAsync("An organisation with this name already exists.", () =>
                connection.QuerySingleAsync<Organisation>(new CommandDefinition(
                    $"UPDATE organisations SET name = @Name WHERE id = @id RETURNING {Columns}", new { id, Name = name.Trim() }, transaction, cancellationToken: cancellationToken)));
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.Organisation.Of(null, id, OrganisationChange.Renamed, before, after), cancellationToken);
            return after;
        }, cancellationToken);
    }

    /// <summary>Sets the zone the organisation's people read times in unless they chose their own.</summary>
    public Task<Organisation?> SetTimeZoneAsync(CallerScope scope, long id, string timeZone, CancellationToken cancellationToken = default)
    {
        RequireAdmin(scope);
        if (!PortalTimeZones.IsOffered(timeZone))
        {
            throw new ValidationException(new Dictionary<string, string> { ["TimeZone"] = "Choose a time zone from the list." });
        }
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await connection.QuerySingleOrDefaultAsync<Organisation>(new CommandDefinition(
                $"SELECT {Columns} FROM organisations WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
            if (before is null || before.TimeZone == timeZone)
            {
                return before;
            }
            var after = await connection.QuerySingleAsync<Organisation>(new CommandDefinition(
                $"UPDATE organisations SET time_zone = @timeZone WHERE id = @id RETURNING {Columns}", new { id, timeZone }, transaction, cancellationToken: cancellationToken));
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.Organisation.Of(null, id, OrganisationChange.TimeZoneChanged, before, after), cancellationToken);
            return after;
        }, cancellationToken);
    }

    internal static void RequireAdmin(CallerScope scope)
    {
        if (!scope.IsAdmin)
        {
            throw new ScopeException("Only supplier admins manage organisations, partnerships and users across companies.");
        }
    }
}
