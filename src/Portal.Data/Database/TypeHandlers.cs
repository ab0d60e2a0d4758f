using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Portal.Data.Database;

/// <summary>
/// UTC everywhere. SQLite keeps instants as fixed-width ISO-8601 text so that text comparison orders
/// them correctly; PostgreSQL keeps them as timestamptz. One handler per type hides the difference.
/// </summary>
public static class TypeHandlers
{
    public const string SqliteInstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(typeof(DateTimeOffset), new InstantHandler());
        SqlMapper.AddTypeHandler(typeof(DateOnly), new DateOnlyHandler());
    }

    public static string ToSqliteText(DateTimeOffset value) =>
        value.UtcDateTime.ToString(SqliteInstantFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Dapper registers a handler for T? too, and when it reads a single nullable column
    /// (<c>Query&lt;DateTimeOffset?&gt;</c>) it passes DBNull to Parse. <see cref="SqlMapper.TypeHandler{T}"/>
    /// can only answer with a T, so the handlers implement <see cref="SqlMapper.ITypeHandler"/> and answer null.
    /// </summary>
    private abstract class NullableStructHandler<T> : SqlMapper.ITypeHandler where T : struct
    {
        public void SetValue(IDbDataParameter parameter, object value)
        {
            if (value is DBNull)
            {
                parameter.Value = value;
            }
            else
            {
                Write(parameter, (T)value);
            }
        }

        public object? Parse(Type destinationType, object value) =>
            value is DBNull && Nullable.GetUnderlyingType(destinationType) is not null ? null : Read(value);

        protected abstract void Write(IDbDataParameter parameter, T value);

        protected abstract T Read(object value);
    }

    private sealed class InstantHandler : NullableStructHandler<DateTimeOffset>
    {
        protected override void Write(IDbDataParameter parameter, DateTimeOffset value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = ToSqliteText(value);
            }
            else
            {
                parameter.Value = value.ToUniversalTime();
            }
        }

        protected override DateTimeOffset Read(object value) => value switch
        {
            string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
            DateTimeOffset instant => instant.ToUniversalTime(),
            _ => throw new DataException($"Cannot read an instant from {value.GetType().Name}."),
        };
    }

    private sealed class DateOnlyHandler : NullableStructHandler<DateOnly>
    {
        protected override void Write(IDbDataParameter parameter, DateOnly value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            else
            {
                parameter.DbType = DbType.Date;
                parameter.Value = value;
            }
        }

        protected override DateOnly Read(object value) => value switch
        {
            string text => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime dateTime => DateOnly.FromDateTime(dateTime),
            DateOnly date => date,
            _ => throw new DataException($"Cannot read a date from {value.GetType().Name}."),
        };
    }
}
