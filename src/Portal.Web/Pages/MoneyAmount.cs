using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Portal.Data;

namespace Portal.Web.Pages;

/// <summary>
/// An amount as every form takes it: major units with at most two decimals ("1,250.50"; every currency the portal deals
/// in has two). Finer than a cent is a field error, never rounded away; the rules of the data layer check the range.
/// </summary>
public readonly record struct MoneyAmount(long Minor)
{
    public const string FinerThanACent = "Enter the amount with at most two decimals, e.g. 1250.50.";
    public const string NotAnAmount = "Enter an amount such as 1250.50.";

    // Just beyond the largest amount the portal takes: a posted 1e20 comes out as an amount the rules refuse with their
    // message, instead of an overflow while converting it.
    private const decimal BeyondMaxMajor = (Money.MaxMinor + 1) / 100m;

    /// <summary>Null with the field error when <paramref name="text"/> is not an amount in cents.</summary>
    public static MoneyAmount? Parse(string text, out string? error)
    {
        error = null;
        if (!decimal.TryParse(text.Replace(",", "", StringComparison.Ordinal).Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var major))
        {
            error = NotAnAmount;
            return null;
        }
        var minor = Math.Clamp(major, -BeyondMaxMajor, BeyondMaxMajor) * 100m;
        if (minor != decimal.Truncate(minor))
        {
            error = FinerThanACent;
            return null;
        }
        return new MoneyAmount((long)minor);
    }

    /// <summary>As the form shows it back: "1250.50", which <see cref="Parse"/> reads again.</summary>
    public override string ToString() => (Minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>Binds every <see cref="MoneyAmount"/> field with the one parse rule; an empty field is no amount, and the rules say whether one is needed.</summary>
public sealed class MoneyAmountBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var posted = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (posted == ValueProviderResult.None || string.IsNullOrWhiteSpace(posted.FirstValue))
        {
            return Task.CompletedTask;
        }
        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, posted);
        if (MoneyAmount.Parse(posted.FirstValue, out var error) is { } amount)
        {
            bindingContext.Result = ModelBindingResult.Success(amount);
        }
        else
        {
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, error!);
        }
        return Task.CompletedTask;
    }
}

public sealed class MoneyAmountBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(MoneyAmount) ? new MoneyAmountBinder() : null;
}
