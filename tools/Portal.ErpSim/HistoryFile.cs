using Google.Protobuf;
using Portal.Erp.V1;

namespace Portal.ErpSim;

/// <summary>A generated history on disk: length-delimited envelopes, read back lazily so that big loads stay out of memory.</summary>
public static class HistoryFile
{
    public static int Write(string path, IEnumerable<StreamUpsertsRequest> envelopes)
    {
        using var file = File.Create(path);
        var count = 0;
        foreach (var envelope in envelopes)
        {
            envelope.WriteDelimitedTo(file);
            count++;
        }
        return count;
    }

    public static IEnumerable<StreamUpsertsRequest> Read(string path)
    {
        using var file = File.OpenRead(path);
        while (file.Position < file.Length)
        {
            yield return StreamUpsertsRequest.Parser.ParseDelimitedFrom(file);
        }
    }
}
