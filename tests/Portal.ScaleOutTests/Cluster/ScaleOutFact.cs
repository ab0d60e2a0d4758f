namespace Portal.ScaleOutTests.Cluster;

[CollectionDefinition]
public sealed class ScaleOutCollection : ICollectionFixture<TwoNodes>;

/// <summary>A test that needs the two-node cluster: skipped, with the reason, where PostgreSQL or HAProxy is missing.</summary>
public sealed class ScaleOutFactAttribute : FactAttribute
{
    public ScaleOutFactAttribute(
        [System.Runtime.CompilerServices.CallerFilePath] string? sourceFilePath = null,
        [System.Runtime.CompilerServices.CallerLineNumber] int sourceLineNumber = -1) : base(sourceFilePath, sourceLineNumber)
    {
        Skip = TwoNodes.SkipReason;
    }
}
