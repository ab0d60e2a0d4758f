namespace Portal.Data.DesignRequests;

/// <summary>Field rules of the intake and the verdict, keyed by the input's property names.</summary>
public static class DesignRequestRules
{
    public const int MaxTextLength = 4000;
    public const int MaxLineLength = 200;

    public static Dictionary<string, string> CheckIntake(DesignRequestInput input)
    {
        var errors = new Dictionary<string, string>();
        Line(errors, nameof(input.Title), input.Title, "Give the request a short title.");
        Line(errors, nameof(input.Application), input.Application, "Say what the part is for.");
        Text(errors, nameof(input.OperatingConditions), input.OperatingConditions, "Describe the operating conditions (temperature, media, loads…).");
        if (input.AnnualVolume <= 0) errors[nameof(input.AnnualVolume)] = "Enter the expected annual volume (at least 1).";
        if (input.TargetPriceMinor is < 0) errors[nameof(input.TargetPriceMinor)] = "The target price cannot be negative.";
        else if (input.TargetPriceMinor > Money.MaxMinor) errors[nameof(input.TargetPriceMinor)] = $"The target price is at most {Money.MaxMinor / 100:N0}.";
        if (input.Standards.Length > MaxLineLength) errors[nameof(input.Standards)] = $"Keep the standards under {MaxLineLength} characters.";
        if (input.Description.Length > MaxTextLength) errors[nameof(input.Description)] = $"Keep the description under {MaxTextLength} characters.";
        return errors;
    }

    /// <summary>
    /// Field errors of a verdict. Only the chosen verdict's fields count: the others are not stored, so text left in
    /// them (typed before the verdict changed, or posted without script showing one set) is never an error.
    /// </summary>
    public static Dictionary<string, string> CheckVerdict(VerdictInput input)
    {
        var errors = new Dictionary<string, string>();
        if (input.Verdict == FitVerdict.Marginal)
        {
            if (string.IsNullOrWhiteSpace(input.Conditions)) errors[nameof(input.Conditions)] = "A marginal fit needs the conditions under which it works.";
            else if (input.Conditions.Length > MaxTextLength) errors[nameof(input.Conditions)] = $"Keep this under {MaxTextLength} characters.";
        }
        if (input.Verdict == FitVerdict.NotAFit)
        {
            if (string.IsNullOrWhiteSpace(input.AlternativeName)) errors[nameof(input.AlternativeName)] = "Name the product or supplier you recommend instead.";
            else if (input.AlternativeName.Length > MaxLineLength) errors[nameof(input.AlternativeName)] = $"Keep the name under {MaxLineLength} characters.";
            if (string.IsNullOrWhiteSpace(input.AlternativeReason)) errors[nameof(input.AlternativeReason)] = "Say why the alternative fits better.";
            else if (input.AlternativeReason.Length > MaxTextLength) errors[nameof(input.AlternativeReason)] = $"Keep this under {MaxTextLength} characters.";
            if (!string.IsNullOrWhiteSpace(input.AlternativeLink)
                && !(Uri.TryCreate(input.AlternativeLink.Trim(), UriKind.Absolute, out var link) && (link.Scheme == Uri.UriSchemeHttps || link.Scheme == Uri.UriSchemeHttp)))
            {
                errors[nameof(input.AlternativeLink)] = "Enter a web address starting with https://.";
            }
        }
        return errors;
    }

    private static void Line(Dictionary<string, string> errors, string field, string value, string missing)
    {
        if (string.IsNullOrWhiteSpace(value)) errors[field] = missing;
        else if (value.Length > MaxLineLength) errors[field] = $"Keep this under {MaxLineLength} characters.";
    }

    private static void Text(Dictionary<string, string> errors, string field, string value, string missing)
    {
        if (string.IsNullOrWhiteSpace(value)) errors[field] = missing;
        else if (value.Length > MaxTextLength) errors[field] = $"Keep this under {MaxTextLength} characters.";
    }
}
