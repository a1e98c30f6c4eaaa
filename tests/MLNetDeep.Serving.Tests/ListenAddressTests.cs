namespace MLNetDeep.Serving.Tests;

using MLNetDeep.Serving.Server;

/// <summary>Issue 14 #3: typos in the listen URLs are refused before Kestrel turns them into "every interface".</summary>
[TestClass]
public sealed class ListenAddressTests
{
    [TestMethod]
    [DataRow("http://127.0.0.l:38111", "neither an IP address nor 'localhost'")]
    [DataRow("http://locahost:5000", "neither an IP address nor 'localhost'")]
    [DataRow("http://127.0.0.1:notaport", "the port 'notaport' is not a number")]
    [DataRow("http://127.0.0.1:70000", "the port '70000' is not a number")]
    [DataRow("http://127.0.0:5000", "neither an IP address")]
    [DataRow("http://*:5000", "means every interface")]
    [DataRow("http://+:5000", "means every interface")]
    [DataRow("ftp://127.0.0.1:21", "the scheme 'ftp'")]
    [DataRow("127.0.0.1:5000", "not of the form")]
    [DataRow("http://127.0.0.1:5000/api", "a path ('/api')")]
    [DataRow("http://0.0.0.0:5000", "listens beyond this machine")]
    [DataRow("http://[::]:5000", "listens beyond this machine")]
    [DataRow("http://10.1.2.3:5000", "listens beyond this machine")]
    [DataRow("http://127.0.0.1:5000;http://localhost:5001;http://192.168.1.1:80", "192.168.1.1")]
    public void ABadOrRemoteUrlIsRefusedNamingIt(string urls, string why)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => ListenAddress.ParseAll(urls, allowRemote: false));
        StringAssert.Contains(e.Message, why);
        Assert.DoesNotContain("\n", e.Message);
    }

    [TestMethod]
    [DataRow("http://127.0.0.1:5000")]
    [DataRow("http://localhost:5000")]
    [DataRow("http://LOCALHOST:0/")]
    [DataRow("https://127.0.0.2:443")]
    [DataRow("http://[::1]:5000")]
    [DataRow("http://127.0.0.1")]
    public void LoopbackUrlsAreAccepted(string url) =>
        Assert.IsTrue(ListenAddress.ParseAll(url, allowRemote: false).Single().IsLoopback);

    [TestMethod]
    public void RemoteAddressesNeedAllowRemote()
    {
        Assert.IsFalse(ListenAddress.ParseAll("http://0.0.0.0:8080;http://[::]:8080", allowRemote: true).Any(a => a.IsLoopback));
        Assert.ThrowsExactly<ArgumentException>(() => new ModelServerOptions { Models = new Dictionary<string, string> { ["m"] = "m.zip" }, Urls = "http://0.0.0.0:8080" }.Validate());
        Assert.HasCount(1, new ModelServerOptions { Models = new Dictionary<string, string> { ["m"] = "m.zip" }, Urls = "http://0.0.0.0:8080", AllowRemote = true }.Validate());
    }

    [TestMethod]
    public void BoundAddressesAreCheckedForLoopback()
    {
        Assert.IsTrue(ListenAddress.IsLoopbackBinding("http://127.0.0.1:41234"));
        Assert.IsTrue(ListenAddress.IsLoopbackBinding("http://[::1]:41234"));
        Assert.IsTrue(ListenAddress.IsLoopbackBinding("http://localhost:5000"));
        Assert.IsFalse(ListenAddress.IsLoopbackBinding("http://[::]:80"));
        Assert.IsFalse(ListenAddress.IsLoopbackBinding("http://0.0.0.0:80"));
    }
}
