using Portal.Data.Credit;

namespace Portal.Web.Pages.Credit;

/// <summary>
/// The credit page's forms. They carry no data annotations: one page posts several forms, and the rules in
/// <see cref="CreditRules"/> give every message, so a form's errors never depend on which other forms were bound.
/// </summary>
public sealed class CreditLineForm
{
    public MoneyAmount? Limit { get; set; }
    public string Currency { get; set; } = "";
    public int? PaymentTermsDays { get; set; } = 30;
    public bool CountOpenOrders { get; set; }

    public CreditLineInput ToInput() => new(Limit?.Minor ?? -1, Currency, PaymentTermsDays ?? -1, CountOpenOrders);
}

public sealed class ExtensionForm
{
    public MoneyAmount? Amount { get; set; }
    public string Currency { get; set; } = "";
    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public string? Reason { get; set; }

    public NewCreditArrangement ToInput() =>
        new(CreditArrangementKind.TemporaryExtension, Reason ?? "", StartsOn, EndsOn, Currency, ExtensionMinor: Amount?.Minor);
}

public sealed class DeferralForm
{
    public List<long> InvoiceIds { get; set; } = [];
    public int? DeferralDays { get; set; }
    public DateOnly? DeferredTo { get; set; }
    public string Currency { get; set; } = "";
    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public string? Reason { get; set; }

    public NewCreditArrangement ToInput() =>
        new(CreditArrangementKind.HardshipDeferral, Reason ?? "", StartsOn, EndsOn, Currency, DeferralDays: DeferralDays, DeferredTo: DeferredTo, InvoiceIds: InvoiceIds);
}
