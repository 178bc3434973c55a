using System.Globalization;

namespace CaseFlow.EmbeddedPostgres;

/// <summary>Finds the PostgreSQL server programs on this machine.</summary>
public static class PostgresBinaries
{
    private static readonly string[] Required = ["initdb", "pg_ctl", "postgres"];

    public const string NotFoundMessage =
        "No PostgreSQL server binaries were found (looked for initdb, pg_ctl and postgres on PATH and in /usr/lib/postgresql/*/bin). "
        + "Either install the PostgreSQL server (e.g. apt-get install postgresql), run `docker compose up` to get PostgreSQL and CaseFlow together, "
        + "or set the connection string ConnectionStrings:CaseFlow (environment variable ConnectionStrings__CaseFlow) to a PostgreSQL 15+ database.";

    /// <summary>The directory holding initdb, pg_ctl and postgres: PATH first, then /usr/lib/postgresql/*/bin, newest version first; null when none.</summary>
    public static string? Find(string? searchPath = null, string installRoot = "/usr/lib/postgresql")
    {
        searchPath ??= Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var pgCtl = Path.Combine(directory, "pg_ctl");
            if (!File.Exists(pgCtl))
            {
                continue;
            }

            // /usr/local/bin/pg_ctl is often a link into the versioned directory that also holds postgres.
            var resolved = File.ResolveLinkTarget(pgCtl, returnFinalTarget: true)?.FullName ?? pgCtl;
            foreach (var candidate in new[] { directory, Path.GetDirectoryName(resolved)! })
            {
                if (HasAll(candidate))
                {
                    return candidate;
                }
            }
        }

        if (!Directory.Exists(installRoot))
        {
            return null;
        }

        return Directory.GetDirectories(installRoot)
            .Select(d => (Directory: Path.Combine(d, "bin"), Version: ParseVersion(Path.GetFileName(d))))
            .Where(c => c.Version is not null && HasAll(c.Directory))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Directory)
            .FirstOrDefault();
    }

    private static bool HasAll(string directory) => Required.All(name => File.Exists(Path.Combine(directory, name)));

    private static Version? ParseVersion(string name) =>
        int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            ? new Version(major, 0)
            : Version.TryParse(name, out var version) ? version : null;
}
