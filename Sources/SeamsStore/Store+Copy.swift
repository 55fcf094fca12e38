package import Foundation
import GRDB

/// A value read from a store's table to be written into another store: what `seams store copy` moves.
package enum CopiedValue: Sendable, Hashable {
    /// No value.
    case null
    /// An integer.
    case integer(Int64)
    /// A floating-point number.
    case real(Double)
    /// Text.
    case text(String)
    /// Bytes.
    case blob(Data)
    /// An instant.
    case date(Date)
    /// A truth value.
    case bool(Bool)
}

/// How a copied column is read, whatever SQLite stored it as.
package enum CopiedColumnKind: Sendable {
    /// An integer (ids, counts, hashes).
    case integer
    /// A floating-point number.
    case real
    /// Text.
    case text
    /// Bytes.
    case blob
    /// An instant (GRDB's text form in SQLite).
    case date
    /// A truth value (0 or 1 in SQLite).
    case bool
}

extension Store {
    /// Up to `limit` rows of `table`, in the order of `key` from after `after` (nil: from the start), each with the
    /// `columns` given, read as their kinds say (and only rows whose `filter` column holds its value, when given) — a store copy reads a table a batch at a time so that a store of any
    /// size moves in bounded memory. The last row's `key` value (the first of `columns`) is where the next batch starts.
    ///
    /// It blocks until read: a copy runs on a thread of its own, inside the destination's transaction.
    package func copiedRows(
        of table: String,
        columns: [(name: String, kind: CopiedColumnKind)],
        after: Int64?,
        limit: Int,
        where filter: (column: String, value: Int64)? = nil
    ) throws(StoreError) -> [[CopiedValue]] {
        do {
            return try writer.read { db in
                let key = columns[0].name
                let list = columns.map { $0.name.quotedDatabaseIdentifier }.joined(separator: ", ")
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(list) FROM \(table.quotedDatabaseIdentifier)
                        WHERE \(key.quotedDatabaseIdentifier) > ?
                        \(filter.map { "AND \($0.column.quotedDatabaseIdentifier) = \($0.value)" } ?? "")
                        ORDER BY \(key.quotedDatabaseIdentifier) LIMIT ?
                        """,
                    arguments: [after ?? Int64.min, limit]
                )
                return rows.map { row in
                    columns.indices.map { index in Self.copied(row[index], as: columns[index].kind) }
                }
            }
        } catch let error as DatabaseError {
            throw StoreError(
                .database,
                "cannot read \(table) from \(path): \(error.message ?? "\(error)")",
                cause: error
            )
        } catch {
            throw StoreError(.database, "cannot read \(table) from \(path): \(error)", cause: error)
        }
    }

    /// A stored value as its column's kind reads it.
    private static func copied(_ value: DatabaseValue, as kind: CopiedColumnKind) -> CopiedValue {
        if value.isNull { return .null }
        switch kind {
        case .integer: return Int64.fromDatabaseValue(value).map(CopiedValue.integer) ?? .null
        case .real: return Double.fromDatabaseValue(value).map(CopiedValue.real) ?? .null
        case .text: return String.fromDatabaseValue(value).map(CopiedValue.text) ?? .null
        case .blob: return Data.fromDatabaseValue(value).map(CopiedValue.blob) ?? .null
        case .date: return Date.fromDatabaseValue(value).map(CopiedValue.date) ?? .null
        case .bool: return Bool.fromDatabaseValue(value).map(CopiedValue.bool) ?? .null
        }
    }

    /// How many rows `table` holds.
    package func rowCount(of table: String) throws(StoreError) -> Int {
        do {
            return try writer.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0
            }
        } catch {
            throw StoreError(.database, "cannot count \(table) in \(path): \(error)", cause: error)
        }
    }
}
