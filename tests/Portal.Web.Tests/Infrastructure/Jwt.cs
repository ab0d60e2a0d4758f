using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>Reads access tokens and forges variants of them, to prove that validation refuses each kind of forgery.</summary>
public static class Jwt
{
    public static JsonObject Header(string token) => Decode(token.Split('.')[0]);

    public static JsonObject Payload(string token) => Decode(token.Split('.')[1]);

    /// <summary>Same header and claims, one signature byte changed.</summary>
    public static string WithTamperedSignature(string token)
    {
        var parts = token.Split('.');
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[signature.Length / 2] ^= 0x01;
        return $"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}";
    }

    /// <summary>The same claims in an unsigned token (alg "none"), as an attacker without the key would send them.</summary>
    public static string WithoutSignature(string token)
    {
        var header = new JsonObject { ["alg"] = "none", ["typ"] = Header(token)["typ"]?.GetValue<string>() };
        return $"{Encode(header)}.{token.Split('.')[1]}.";
    }

    /// <summary>The token's claims, changed by <paramref name="change"/>, in a token signed with <paramref name="credentials"/>.</summary>
    public static string ReSigned(string token, SigningCredentials credentials, Action<JsonObject>? change = null)
    {
        var payload = Payload(token);
        change?.Invoke(payload);
        var typ = Header(token)["typ"]!.GetValue<string>();
        return new JsonWebTokenHandler().CreateToken(payload.ToJsonString(), credentials, new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = typ });
    }

    private static JsonObject Decode(string part) =>
        JsonNode.Parse(Base64UrlEncoder.DecodeBytes(part))?.AsObject() ?? throw new FormatException("Not a JSON object.");

    private static string Encode(JsonObject json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json.ToJsonString(JsonSerializerOptions.Default)));
}
