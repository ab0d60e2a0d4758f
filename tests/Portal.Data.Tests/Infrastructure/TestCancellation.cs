namespace Portal.Data.Tests.Infrastructure;

public static class TestCancellation
{
    /// <summary>Cancelled when the run is aborted or the test times out; pass it to every store call.</summary>
    public static CancellationToken Ct => TestContext.Current.CancellationToken;
}
