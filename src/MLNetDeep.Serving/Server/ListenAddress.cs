namespace MLNetDeep.Serving.Server;

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

/// <summary>
/// One address to listen on, checked strictly before Kestrel sees it: Kestrel treats any host that is not an IP address
/// or <c>localhost</c> (a typo such as <c>127.0.0.l</c> or <c>locahost</c>) as "every interface", and a port it cannot
/// parse as port 80, so such URLs are refused here with a message naming the URL.
/// </summary>
/// <param name="Url">The URL as given.</param>
/// <param name="IsLoopback">Whether it listens on this machine only.</param>
internal sealed partial record ListenAddress(string Url, bool IsLoopback)
{
    /// <summary>Parses <paramref name="urls"/> (';'-separated); addresses beyond loopback need <paramref name="allowRemote"/>.</summary>
    /// <exception cref="ArgumentException">A URL is not valid, or not loopback without <paramref name="allowRemote"/>; the message names it and says why.</exception>
    public static IReadOnlyList<ListenAddress> ParseAll(string? urls, bool allowRemote)
    {
        string[] parts = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw new ArgumentException("ModelServerOptions.Urls must name at least one URL, e.g. http://127.0.0.1:5000.", nameof(ModelServerOptions.Urls));
        }

        var addresses = parts.Select(Parse).ToArray();
        if (!allowRemote && addresses.FirstOrDefault(a => !a.IsLoopback) is { } remote)
        {
            throw new ArgumentException(
                $"URL '{remote.Url}' (--urls, ModelServerOptions.Urls) listens beyond this machine (not a loopback address); allow that explicitly with --allow-remote (ModelServerOptions.AllowRemote), or use 127.0.0.1 or localhost.",
                nameof(ModelServerOptions.Urls));
        }

        return addresses;
    }

    /// <summary>Whether a bound address as Kestrel reports it (e.g. <c>http://127.0.0.1:5000</c>, <c>http://[::]:80</c>) is loopback.</summary>
    public static bool IsLoopbackBinding(string boundUrl)
    {
        Match m = UrlPattern().Match(boundUrl);
        if (!m.Success)
        {
            return false;
        }

        string host = m.Groups["host"].Value.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out IPAddress? ip) && IPAddress.IsLoopback(ip));
    }

    private static ListenAddress Parse(string url)
    {
        Match m = UrlPattern().Match(url);
        if (!m.Success)
        {
            throw Bad(url, "it is not of the form http://HOST:PORT");
        }

        string scheme = m.Groups["scheme"].Value;
        if (!scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            throw Bad(url, $"the scheme '{scheme}' is not http or https");
        }

        if (m.Groups["port"].Success)
        {
            string port = m.Groups["port"].Value;
            if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit) || int.Parse(port, CultureInfo.InvariantCulture) > 65535)
            {
                throw Bad(url, $"the port '{port}' is not a number from 0 to 65535");
            }
        }

        string rest = m.Groups["rest"].Value;
        if (rest.Length > 0 && rest != "/")
        {
            throw Bad(url, $"a path ('{rest}') cannot be listened on; the endpoints are /models/...");
        }

        string host = m.Groups["host"].Value;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new ListenAddress(url, IsLoopback: true);
        }

        if (host is "*" or "+")
        {
            throw Bad(url, $"the host '{host}' means every interface; name it as 0.0.0.0 (IPv4) or [::] (IPv6) with --allow-remote");
        }

        IPAddress? address = null;
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            if (!IPAddress.TryParse(host[1..^1], out address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                throw Bad(url, $"the host '{host}' is not an IPv6 address");
            }
        }
        else if (!Ipv4Pattern().IsMatch(host) || !IPAddress.TryParse(host, out address) || address.ToString() != host)
        {
            throw Bad(url, $"the host '{host}' is neither an IP address nor 'localhost' (a typo?)");
        }

        return new ListenAddress(url, IPAddress.IsLoopback(address));
    }

    private static ArgumentException Bad(string url, string why) =>
        new($"URL '{url}' (--urls, ModelServerOptions.Urls): {why}. Example: http://127.0.0.1:5000.", nameof(ModelServerOptions.Urls));

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?<host>\[[^\]]*\]|[^:/\[\]]*)(?::(?<port>[^/]*))?(?<rest>/.*)?$")]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"^\d{1,3}(\.\d{1,3}){3}$")]
    private static partial Regex Ipv4Pattern();
}
