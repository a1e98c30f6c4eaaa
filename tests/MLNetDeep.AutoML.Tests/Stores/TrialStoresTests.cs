namespace MLNetDeep.AutoML.Tests.Stores;

using MLNetDeep.AutoML.Stores;

[TestClass]
public sealed class TrialStoresTests
{
    [TestMethod]
    public void StorageStringsOpenTheirStores()
    {
        Assert.IsInstanceOfType<InMemoryTrialStore>(TrialStores.Open("memory"));
        string file = Path.Combine(Directory.CreateTempSubdirectory("mlnetdeep-stores-").FullName, "s.db");
        Assert.IsInstanceOfType<SqliteTrialStore>(TrialStores.Open("sqlite:" + file));
        Assert.IsInstanceOfType<PostgresTrialStore>(TrialStores.Open("postgres:Host=127.0.0.1;Database=x;Username=u"));
    }

    [TestMethod]
    public void BadStorageStringsSayWhatIsExpectedWithoutEchoingSecrets()
    {
        var e = Assert.ThrowsExactly<FormatException>(() => TrialStores.Open("postgress:Host=h;Password=hunter2"));
        StringAssert.Contains(e.Message, "'postgress'");
        StringAssert.Contains(e.Message, "postgres:CONNECTION-STRING");
        Assert.IsFalse(e.Message.Contains("hunter2", StringComparison.Ordinal), "a mistyped connection string's password is not echoed");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => TrialStores.Open("postgres:")).Message, "connection string");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => TrialStores.Open("sqlite:")).Message, "file path");
    }
}
