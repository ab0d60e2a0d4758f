using System.Data.Common;
using Dapper;
using Portal.Data.Changes;
using Portal.Data.Database;
using Portal.Data.Tenancy;

namespace Portal.Data.Loans;

/// <summary>
/// The supplier's equipment register and its maintenance log. The register belongs to no partnership: only supplier
/// staff read or change it, and every method refuses anyone else with <see cref="ScopeException"/>. Customers meet
/// an item only through their own loans (<see cref="LoanStore"/>) and the request form's choices.
/// </summary>
public sealed class EquipmentStore(PortalDatabase database, ChangeRecorder changes, TimeProvider clock)
{
    public const int PageSize = 20;
    public const string SerialTaken = "Another item of the register already has this serial number.";
    public const string StillOnLoan = "This item is committed to a customer: retire it once the loan is returned, bought or written off";

    // Declared before SelectItem: static initialisers run in textual order.
    internal static readonly string ActiveStates = string.Join(", ", LoanRules.Active.Select(s => $"'{s}'"));

    private static readonly string SelectItem = $"""
        SELECT e.id, e.name, e.model, e.serial, e.value_minor, e.currency, e.location, e.condition, e.notes, e.available_for_loan, e.retired, e.created_at,
               (SELECT l.state FROM equipment_loans l WHERE l.equipment_id = e.id AND l.state IN ({ActiveStates})) AS active_loan_state
        FROM equipment e
        """;

    /// <summary>Register items whose name, model, serial or location contains <paramref name="search"/>, newest first.</summary>
    public async Task<Page<EquipmentItem>> SearchAsync(CallerScope scope, string? search, int pageNumber, CancellationToken cancellationToken = default)
    {
        RequireSupplier(scope);
        pageNumber = Math.Max(1, pageNumber);
        var where = string.IsNullOrWhiteSpace(search)
            ? "1 = 1"
            : "(lower(e.name) LIKE @Pattern OR lower(e.model) LIKE @Pattern OR lower(e.serial) LIKE @Pattern OR lower(e.location) LIKE @Pattern)";
        var parameters = new { Pattern = $"%{search?.Trim().ToLowerInvariant()}%", Limit = PageSize, Offset = (long)(pageNumber - 1) * PageSize };
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM equipment e WHERE {where}", parameters, cancellationToken: cancellationToken));
        var items = await connection.QueryAsync<EquipmentItem>(new CommandDefinition(
            $"{SelectItem} WHERE {where} ORDER BY e.retired, e.name, e.id LIMIT @Limit OFFSET @Offset", parameters, cancellationToken: cancellationToken));
        return new Page<EquipmentItem>(items.ToList(), pageNumber, PageSize, total);
    }

    public async Task<EquipmentItem?> GetAsync(CallerScope scope, long id, CancellationToken cancellationToken = default)
    {
        RequireSupplier(scope);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, id, cancellationToken);
    }

    public Task<EquipmentItem> CreateAsync(CallerScope scope, EquipmentInput input, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            RequireSupplier(scope);
            Validate(input);
            var id = await SerialMustBeFreeAsync(() => connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO equipment (name, model, serial, value_minor, currency, location, condition, notes, available_for_loan, retired, created_at)
                VALUES (@Name, @Model, @Serial, @ValueMinor, @Currency, @Location, @Condition, @Notes, @AvailableForLoan, @Retired, @Now)
                RETURNING id
                """, Parameters(input), transaction, cancellationToken: cancellationToken)));
            var created = (await GetAsync(connection, transaction, id, cancellationToken))!;
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.Equipment.Of(null, id, EquipmentChange.Added, null, created), cancellationToken);
            return created;
        }, cancellationToken);

    /// <summary>Null when the item does not exist.</summary>
    public Task<EquipmentItem?> UpdateAsync(CallerScope scope, long id, EquipmentInput input, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            RequireSupplier(scope);
            var before = await GetAsync(connection, transaction, id, cancellationToken, database.Dialect.ForUpdate);
            if (before is null)
            {
                return null;
            }
            Validate(input);
            // Retiring is for items at home: one out with a customer comes back, is bought or is written off first
            // (the last two retire it themselves).
            if (input.Retired && !before.Retired && before.ActiveLoanState is { } loanState)
            {
                throw new ValidationException(new Dictionary<string, string>
                {
                    ["Retired"] = $"{StillOnLoan} (the loan is {LoanRules.Label(loanState).ToLowerInvariant()}).",
                });
            }
            var parameters = new DynamicParameters(Parameters(input));
            parameters.Add("id", id);
            await SerialMustBeFreeAsync(() => connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE equipment SET name = @Name, model = @Model, serial = @Serial, value_minor = @ValueMinor, currency = @Currency, location = @Location,
                       condition = @Condition, notes = @Notes, available_for_loan = @AvailableForLoan, retired = @Retired
                WHERE id = @id
                """, parameters, transaction, cancellationToken: cancellationToken)));
            var after = (await GetAsync(connection, transaction, id, cancellationToken))!;
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.Equipment.Of(null, id, EquipmentChange.Edited, before, after), cancellationToken);
            return after;
        }, cancellationToken);

    public const int MaintenancePageSize = 20;

    /// <summary>One page of an item's maintenance log, latest work first: an instrument in service for years collects hundreds of entries.</summary>
    public async Task<Page<MaintenanceEntry>> GetMaintenancePageAsync(CallerScope scope, long equipmentId, int pageNumber, CancellationToken cancellationToken = default)
    {
        RequireSupplier(scope);
        pageNumber = Math.Max(1, pageNumber);
        var parameters = new { equipmentId, Limit = MaintenancePageSize, Offset = (long)(pageNumber - 1) * MaintenancePageSize };
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM equipment_maintenance WHERE equipment_id = @equipmentId", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<MaintenanceEntry>(new CommandDefinition(
            """
            SELECT id, equipment_id, performed_on, work, performed_by, recorded_by, recorded_at
            FROM equipment_maintenance WHERE equipment_id = @equipmentId ORDER BY performed_on DESC, id DESC
            LIMIT @Limit OFFSET @Offset
            """, parameters, cancellationToken: cancellationToken));
        return new Page<MaintenanceEntry>(rows.ToList(), pageNumber, MaintenancePageSize, total);
    }

    /// <summary>Logs work done on an item; null when the item does not exist.</summary>
    public Task<MaintenanceEntry?> AddMaintenanceAsync(CallerScope scope, long equipmentId, NewMaintenance input, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            RequireSupplier(scope);
            if (await GetAsync(connection, transaction, equipmentId, cancellationToken) is null)
            {
                return null;
            }
            var errors = new Dictionary<string, string>();
            if (string.IsNullOrWhiteSpace(input.Work)) errors["Work"] = "Say what was done.";
            if (string.IsNullOrWhiteSpace(input.PerformedBy)) errors["PerformedBy"] = "Say who did it.";
            if (input.PerformedOn > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) errors["PerformedOn"] = "Log work that has been done, not planned work.";
            if (errors.Count > 0)
            {
                throw new ValidationException(errors);
            }
            var entry = await connection.QuerySingleAsync<MaintenanceEntry>(new CommandDefinition(
                """
                INSERT INTO equipment_maintenance (equipment_id, performed_on, work, performed_by, recorded_by, recorded_at)
                VALUES (@equipmentId, @PerformedOn, @Work, @PerformedBy, @RecordedBy, @Now)
                RETURNING id, equipment_id, performed_on, work, performed_by, recorded_by, recorded_at
                """,
                new { equipmentId, input.PerformedOn, Work = input.Work.Trim(), PerformedBy = input.PerformedBy.Trim(), RecordedBy = scope.ActorName, Now = clock.GetUtcNow() },
                transaction, cancellationToken: cancellationToken));
            await changes.RecordAsync(connection, transaction, scope, ChangeKinds.Equipment.Of(null, equipmentId, EquipmentChange.MaintenanceLogged, null, entry), cancellationToken);
            return entry;
        }, cancellationToken);

    /// <summary>
    /// What a loan may be requested for in this partnership. Customers get only items offered for loan and free now,
    /// by name and model; the supplier's account lead also sees the serial and items currently lent elsewhere (a request
    /// may wait for the item to come back). Empty outside the scope.
    /// </summary>
    public async Task<IReadOnlyList<EquipmentChoice>> ChoicesAsync(CallerScope scope, long partnershipId, CancellationToken cancellationToken = default)
    {
        if (!scope.CanSee(partnershipId))
        {
            return [];
        }
        var customer = LoanRules.ActorOf(scope) == LoanActor.Customer;
        var filter = customer
            ? $"AND e.available_for_loan = TRUE AND NOT EXISTS (SELECT 1 FROM equipment_loans l WHERE l.equipment_id = e.id AND l.state IN ({ActiveStates}))"
            : "";
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<EquipmentChoice>(new CommandDefinition(
            $"SELECT e.id, e.name, e.model, {(customer ? "NULL" : "e.serial")} AS serial FROM equipment e WHERE e.retired = FALSE {filter} ORDER BY e.name, e.model, e.id",
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>Only the supplier's own people (and its jobs) work with the register.</summary>
    public static void RequireSupplier(CallerScope scope)
    {
        if (!scope.IsSupplier || scope.Kind == ActorKind.ErpClient)
        {
            throw new ScopeException("The equipment register is the supplier's.");
        }
    }

    private static void Validate(EquipmentInput input)
    {
        var errors = LoanRules.Validate(input);
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }

    private static async Task<T> SerialMustBeFreeAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (DbException e) when (Constraints.IsUniqueViolation(e))
        {
            throw new ValidationException(new Dictionary<string, string> { ["Serial"] = SerialTaken });
        }
    }

    private object Parameters(EquipmentInput input) => new
    {
        Name = input.Name.Trim(),
        Model = input.Model.Trim(),
        Serial = input.Serial.Trim(),
        input.ValueMinor,
        Currency = input.Currency.Trim().ToUpperInvariant(),
        Location = input.Location.Trim(),
        Condition = input.Condition.ToString(),
        Notes = input.Notes.Trim(),
        input.AvailableForLoan,
        input.Retired,
        Now = clock.GetUtcNow(),
    };

    private static Task<EquipmentItem?> GetAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken, string forUpdate = "") =>
        connection.QuerySingleOrDefaultAsync<EquipmentItem>(new CommandDefinition($"{SelectItem} WHERE e.id = @id{forUpdate}", new { id }, transaction, cancellationToken: cancellationToken));
}
