import Foundation
import SeamsPostgres
import SeamsStore
import Testing

/// Addresses as libpq writes them, passwords from where libpq finds them, and never a password in what is shown.
struct PostgresLocationTests {
    @Test func anAddressNamesUserHostPortDatabaseAndTLS() throws {
        let location = try PostgresLocation(
            "postgres://seams@db.example:6432/news?sslmode=require",
            environment: [:]
        )
        #expect(location.user == "seams")
        #expect(location.host == "db.example")
        #expect(location.port == 6432)
        #expect(location.database == "news")
        #expect(location.sslMode == .require)
        #expect(location.password == nil)
        #expect(location.description == "postgres://seams@db.example:6432/news?sslmode=require")
    }

    @Test func defaultsAreLibpqs() throws {
        let location = try PostgresLocation("postgresql://reader@localhost", environment: [:])
        #expect(location.port == 5432)
        #expect(location.database == "reader", "the database is named after the user")
        #expect(location.sslMode == .prefer)
    }

    @Test func aUnixSocketFolderIsAHost() throws {
        let location = try PostgresLocation("postgres://seams@/news?host=/run/postgresql&port=5433", environment: [:])
        #expect(location.host == "/run/postgresql")
        #expect(location.port == 5433)
        #expect(location.database == "news")
    }

    @Test func thePasswordComesFromTheAddressThenPGPASSWORDThenThePasswordFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID().uuidString)")
        try """
        # comment
        other.example:5432:*:seams:wrong
        db.example:*:news:seams:pa\\:ss
        """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let address = "postgres://seams@db.example/news"
        #expect(try PostgresLocation(address, environment: ["PGPASSFILE": file.path]).password == "pa:ss")
        #expect(
            try PostgresLocation(address, environment: ["PGPASSFILE": file.path, "PGPASSWORD": "env"]).password
                == "env"
        )
        let given = try PostgresLocation("postgres://seams:given@db.example/news", environment: ["PGPASSWORD": "env"])
        #expect(given.password == "given")
        #expect(!given.description.contains("given"), "a password is never shown")
        #expect(try PostgresLocation(address, environment: [:]).password == nil)
    }

    @Test(arguments: [
        "postgres://db.example/news", "postgres://seams@db.example/news?sslmode=sometimes",
        "postgres://seams@db.example/news?pool=4", "postgres://seams@db.example/news?password=x", "mysql://a@b/c",
        "postgres://seams@db.example:99999/news",
    ])
    func aBadAddressIsOneClearError(_ address: String) {
        #expect {
            try PostgresLocation(address, environment: [:])
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .cannotOpen && error.message.hasPrefix("invalid PostgreSQL address")
                && !error.message.contains("\n")
        }
    }

    @Test func aBadAddressWithAPasswordDoesNotRepeatIt() {
        #expect {
            try PostgresLocation("postgres://seams:secret@db.example/news?sslmode=no", environment: [:])
        } throws: { error in
            !"\(error)".contains("secret") && !((error as? StoreError)?.message.contains("secret") ?? true)
        }
    }
}
