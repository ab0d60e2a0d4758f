namespace Portal.Data.Credit;

/// <summary>
/// The one name of each money figure of a partnership that more than one page, agenda or alert shows: the dashboard and
/// the credit page call the same sum by the same words.
/// </summary>
public static class CreditFigures
{
    /// <summary>What the customer's ERP invoices still leave unpaid.</summary>
    public const string OpenInvoices = "Open invoices";

    /// <summary>The part of the open invoices past the due date in force today.</summary>
    public const string Overdue = "Overdue invoices";

    /// <summary>What counts against the credit limit: the open invoices, plus open orders where the line counts them.</summary>
    public const string Exposure = "Credit exposure";

    /// <summary>The credit line's limit plus any extension in force today.</summary>
    public const string LimitInForce = "Credit limit in force";

    public const string Available = "Credit available";
}
