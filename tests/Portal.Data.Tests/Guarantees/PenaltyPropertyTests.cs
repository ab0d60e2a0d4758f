using CsCheck;
using Portal.Data.Guarantees;

namespace Portal.Data.Tests.Guarantees;

/// <summary>The penalty rule for any kind, rate, fixed amount, cap and invoiced value, including nonsense ones.</summary>
public sealed class PenaltyPropertyTests
{
    private static readonly Gen<PenaltyKind> Kind = Gen.Enum<PenaltyKind>();
    private static readonly Gen<int> BasisPoints = Gen.Int[-1_000, 20_000];
    private static readonly Gen<long> Amount = Gen.Long[-1_000_000_000_000L, 1_000_000_000_000L];
    private static readonly Gen<long> Cap = Gen.Long[1, 1_000_000_000_000L];

    [Fact]
    public void Never_negative() =>
        Gen.Select(Kind, BasisPoints, Amount, Cap, Amount)
            .Sample((kind, bp, fixedMinor, cap, invoiced) => GuaranteeRules.Penalty(kind, bp, fixedMinor, cap, invoiced) >= 0);

    [Fact]
    public void Never_above_the_cap() =>
        Gen.Select(Kind, BasisPoints, Amount, Cap, Amount)
            .Sample((kind, bp, fixedMinor, cap, invoiced) => GuaranteeRules.Penalty(kind, bp, fixedMinor, cap, invoiced) <= cap);

    [Fact]
    public void A_percentage_penalty_grows_with_the_invoiced_value() =>
        Gen.Select(BasisPoints, Cap, Amount, Gen.Long[0, 1_000_000_000L])
            .Sample((bp, cap, invoiced, more) =>
                GuaranteeRules.Penalty(PenaltyKind.PercentOfInvoiced, bp, 0, cap, invoiced)
                <= GuaranteeRules.Penalty(PenaltyKind.PercentOfInvoiced, bp, 0, cap, invoiced + more));

    [Fact]
    public void Below_the_cap_a_percentage_penalty_is_the_share_rounded_down() =>
        Gen.Select(Gen.Int[0, 10_000], Gen.Long[0, 1_000_000_000_000L])
            .Sample((bp, invoiced) => GuaranteeRules.Penalty(PenaltyKind.PercentOfInvoiced, bp, 0, long.MaxValue, invoiced) == invoiced * bp / 10_000);
}
