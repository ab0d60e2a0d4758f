namespace Portal.Web.Lists;

public enum SortDirection
{
    Asc,
    Desc,
}

/// <summary>A page whose list sorts by its column headers (<see cref="SortHeaderTagHelper"/>): the column and direction it shows now.</summary>
public interface ISortedList
{
    string SortKey { get; }

    SortDirection Dir { get; }
}
