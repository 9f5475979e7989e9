package io.recolab.data;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadersTest {
    /** 2010-12-01T08:26:00Z */
    private static final long FIRST_RETAIL_ROW = 1_291_191_960L;

    static String fixture(String name) {
        try {
            return Path.of(LoadersTest.class.getResource("/data/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LoadResult load(String format, String name) {
        return DataSource.parse(format + ":" + fixture(name)).load();
    }

    @Test
    void movieLensDatSkipsMalformedRows() {
        LoadResult r = load("movielens", "movielens/ratings.dat");
        assertThat(r.kept()).isEqualTo(3);
        assertThat(r.skipped()).isEqualTo(2);
        Interactions log = r.interactions();
        assertThat(log.customerCount()).isEqualTo(2);
        assertThat(log.items().id(0)).isEqualTo("661");
        assertThat(log.firstTime()).isEqualTo(978_298_413L);
    }

    @Test
    void movieLensTabSeparated() {
        LoadResult r = load("movielens", "movielens/u.data");
        assertThat(r.kept()).isEqualTo(3);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.interactions().lastTime()).isEqualTo(891_717_742L);
    }

    @Test
    void movieLensCsvWithHeader() {
        LoadResult r = load("movielens", "movielens/ratings.csv");
        assertThat(r.kept()).isEqualTo(3);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.interactions().customers().index("6")).isGreaterThanOrEqualTo(0);
    }

    @Test
    void onlineRetailIsoDatesQuotedFieldsAndDroppedRows() {
        LoadResult r = load("online-retail", "online-retail/retail-iso.csv");
        assertThat(r.kept()).isEqualTo(4);
        assertThat(r.dropped()).isEqualTo(3); // no CustomerID, cancellation, Quantity <= 0
        assertThat(r.skipped()).isEqualTo(3); // bad date, too few fields, bad quantity
        Interactions log = r.interactions();
        assertThat(log.customerCount()).isEqualTo(2); // 17850.0 and 17850 are one customer
        assertThat(log.customers().index("17850")).isEqualTo(1);
        assertThat(log.items().index("71053")).isGreaterThanOrEqualTo(0); // the row with "METAL LANTERN, WHITE"
        assertThat(log.items().index("22139")).isGreaterThanOrEqualTo(0); // description spanning two lines
        assertThat(log.firstTime()).isEqualTo(FIRST_RETAIL_ROW);
    }

    @Test
    void onlineRetailUciDates() {
        LoadResult r = load("online-retail", "online-retail/retail-uci.csv");
        assertThat(r.kept()).isEqualTo(3);
        assertThat(r.interactions().firstTime()).isEqualTo(FIRST_RETAIL_ROW);
        assertThat(r.interactions().lastTime()).isEqualTo(1_323_435_000L); // 2011-12-09T12:50:00Z
        assertThat(r.interactions().customers().index("17850")).isGreaterThanOrEqualTo(0);
    }

    @Test
    void eventsEpochAndIsoTimestampsAnyColumnOrder() {
        LoadResult r = load("events", "events/events.csv");
        assertThat(r.kept()).isEqualTo(5);
        assertThat(r.skipped()).isEqualTo(2);
        Interactions log = r.interactions();
        assertThat(log.time(0)).isEqualTo(1_700_000_000L);
        assertThat(log.time(2)).isEqualTo(1_700_000_000L); // 23:13:20+01:00
        assertThat(log.time(3)).isEqualTo(1_700_006_400L);
        assertThat(log.lastTime()).isEqualTo(1_700_092_800L);
        assertThat(log.items().index("i,2")).isGreaterThanOrEqualTo(0);
    }

    /**
     * Files as other tools write them (red-team, 2026-12-07): Online Retail II's header ({@code Invoice},
     * {@code Price}, {@code Customer ID}), a UTF-8 byte order mark (Excel's "CSV UTF-8") before a MovieLens
     * row or a quoted header, CRLF line ends, and ISO-8601 with a space for the 'T' or a basic-format offset
     * (pandas, Python's %z). Each was refused or, for the BOM in MovieLens, made a phantom customer.
     */
    @Test
    void filesFromOtherToolsLoadAsTheOriginals(@org.junit.jupiter.api.io.TempDir Path tmp) throws java.io.IOException {
        String bom = "\uFEFF";
        Path retail2 = tmp.resolve("online_retail_II.csv");
        java.nio.file.Files.writeString(retail2, bom + "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\r\n"
                + "489434,85048,\"LIGHT, PINK\",12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom\r\n"
                + "C489449,22087,PAPER BUNTING,-12,2009-12-01 10:33:00,2.95,16321.0,Australia\r\n"
                + "489435,22350,CAT BOWL,12,2009-12-01 07:46:00,2.55,13085.0,United Kingdom\r\n");
        LoadResult r2 = DataSource.parse("online-retail:" + retail2).load();
        assertThat(r2.kept()).isEqualTo(2);
        assertThat(r2.dropped()).isEqualTo(1);
        assertThat(r2.interactions().customers().index("13085")).isGreaterThanOrEqualTo(0);

        Path dat = tmp.resolve("ratings.dat");
        java.nio.file.Files.writeString(dat, bom + "1::661::3::978302109\r\n1::914::3::978301968\r\n2::661::4::978298413\r\n");
        LoadResult ml = DataSource.parse("movielens:" + dat).load();
        assertThat(ml.kept()).isEqualTo(3);
        assertThat(ml.interactions().customerCount()).isEqualTo(2);
        assertThat(ml.interactions().customers().index("1")).isGreaterThanOrEqualTo(0);

        Path quoted = tmp.resolve("events.csv");
        java.nio.file.Files.writeString(quoted, bom + "\"customer\",\"item\",\"timestamp\"\r\n"
                + "\"a\",\"x\",\"2023-11-14 22:13:20Z\"\r\n"
                + "\"a\",\"y\",\"2023-11-14 23:13:20+01:00\"\r\n"
                + "\"b\",\"x\",\"2023-11-14T17:13:20-0500\"\r\n"
                + "\"b\",\"y\",\"2023-11-14 17:13:20.5-0500\"\r\n");
        LoadResult ev = DataSource.parse("events:" + quoted).load();
        assertThat(ev.kept()).isEqualTo(4);
        assertThat(ev.skipped()).isZero();
        for (int i = 0; i < 4; i++) {
            assertThat(ev.interactions().time(i)).as("row %d", i).isEqualTo(1_700_000_000L);
        }
    }

    /**
     * A timestamp outside 1970..9999 (a typo, epoch milliseconds, an overflow) is a malformed row, skipped
     * and counted: one such row once failed evaluate and simulate on the whole file.
     */
    @Test
    void timestampsOutsideTheSupportedRangeAreSkippedAndCounted(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws java.io.IOException {
        Path events = java.nio.file.Files.writeString(tmp.resolve("events.csv"), """
                customer,item,timestamp
                c1,i1,1700000000
                c2,i2,1e30
                c3,i3,-5
                c4,i4,1700000000000
                c5,i5,9e18
                c6,i6,-9e18
                c7,i7,10000-01-01T00:00:00Z
                c8,i8,1969-12-31
                c9,i9,2023-11-16
                """ + "g,i1,1700000100\n".repeat(12));
        LoadResult r = DataSource.parse("events:" + events).load();
        assertThat(r.kept()).isEqualTo(14);
        assertThat(r.skipped()).isEqualTo(7);
        assertThat(r.interactions().lastTime()).isEqualTo(1_700_092_800L);
        assertThatThrownBy(() -> Timestamps.eventTime("1700000000000")).hasMessageContaining("epoch milliseconds?");

        Path ratings = java.nio.file.Files.writeString(tmp.resolve("u.data"),
                "196\t242\t3\t881250949\n186\t302\t3\t99999999999999999\n22\t377\t1\t-878887116\n"
                        + "7\t1\t4\t881250950\n".repeat(8));
        LoadResult ml = DataSource.parse("movielens:" + ratings).load();
        assertThat(ml.kept()).isEqualTo(9);
        assertThat(ml.skipped()).isEqualTo(2);
    }

    @Test
    void clearErrorsForMissingEmptyAndUnreadableFiles() {
        assertThatThrownBy(() -> DataSource.parse("events:/no/such/file.csv").load())
                .isInstanceOf(DataException.class).hasMessage("data file not found: /no/such/file.csv");
        assertThatThrownBy(() -> load("events", "bad/empty.csv"))
                .isInstanceOf(DataException.class).hasMessageStartingWith("data file is empty");
        assertThatThrownBy(() -> load("events", "bad/header-only.csv"))
                .isInstanceOf(DataException.class).hasMessageContaining("no data rows");
        assertThatThrownBy(() -> load("events", "bad/mostly-bad.csv"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("3 of 4 rows are unreadable")
                .hasMessageContaining("line 3: bad timestamp 'nope'");
        assertThatThrownBy(() -> load("online-retail", "bad/all-cancelled.csv"))
                .isInstanceOf(DataException.class).hasMessageContaining("no interactions left (1 rows dropped");
        assertThatThrownBy(() -> load("online-retail", "events/events.csv"))
                .isInstanceOf(DataException.class).hasMessageContaining("header has no InvoiceNo");
        assertThatThrownBy(() -> load("movielens", "online-retail/retail-iso.csv"))
                .isInstanceOf(DataException.class).hasMessageContaining("rows are unreadable");
    }

    @Test
    void movieLensFolderAndProgress() {
        java.util.List<Double> seen = new java.util.ArrayList<>();
        String folder = Path.of(fixture("movielens/u.data")).getParent().toString();
        LoadResult r = DataSource.parse("movielens:" + folder).load(seen::add);
        assertThat(r.kept()).isEqualTo(3); // ratings.dat comes first
        assertThat(seen).isNotEmpty().allMatch(f -> f >= 0 && f <= 1);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(1.0);
        assertThatThrownBy(() -> DataSource.parse("movielens:" + Path.of(folder).getParent().resolve("bad")).load())
                .isInstanceOf(DataException.class).hasMessageContaining("no MovieLens ratings file in");
    }

    @Test
    void parsesSpecs() {
        assertThat(DataSource.parse("movielens:/x/u.data"))
                .isEqualTo(new DataSource(DataSource.Format.MOVIELENS, "/x/u.data"));
        assertThat(DataSource.parse("synthetic").format()).isEqualTo(DataSource.Format.SYNTHETIC);
        assertThat(DataSource.parse("synthetic:customers=10,items=5,days=30,seed=2").toString())
                .isEqualTo("synthetic:customers=10,items=5,days=30,seed=2");
        assertThatThrownBy(() -> DataSource.parse("parquet:/x")).isInstanceOf(DataException.class)
                .hasMessageContaining("unknown data format 'parquet'");
        assertThatThrownBy(() -> DataSource.parse("/x/u.data")).isInstanceOf(DataException.class)
                .hasMessageContaining("has no format");
        assertThatThrownBy(() -> DataSource.parse("events:")).isInstanceOf(DataException.class)
                .hasMessageContaining("no path given for events");
        assertThatThrownBy(() -> DataSource.parse("synthetic:users=5")).isInstanceOf(DataException.class)
                .hasMessageContaining("unknown synthetic parameter 'users'");
        assertThatThrownBy(() -> DataSource.parse("synthetic:customers=many")).isInstanceOf(DataException.class)
                .hasMessageContaining("whole number, got 'many'");
        assertThatThrownBy(() -> DataSource.parse("synthetic:items=1")).isInstanceOf(DataException.class)
                .hasMessageContaining("items must be 2..10000000, got 1");
    }

    @Test
    void retailDatesAndCustomerIds() {
        assertThat(Timestamps.retailDate("2011-12-09 12:50:00")).isEqualTo(1_323_435_000L);
        assertThat(Timestamps.retailDate("12/9/2011 12:50")).isEqualTo(1_323_435_000L);
        assertThat(Timestamps.retailDate("2/29/2012 0:00")).isEqualTo(1_330_473_600L);
        assertThatThrownBy(() -> Timestamps.retailDate("2/30/2011 0:00")).hasMessageContaining("bad date");
        assertThatThrownBy(() -> Timestamps.retailDate("2011-12-09")).hasMessageContaining("bad date");
        assertThat(OnlineRetailLoader.customerId("17850.0")).isEqualTo("17850");
        assertThat(OnlineRetailLoader.customerId("17850")).isEqualTo("17850");
        assertThat(OnlineRetailLoader.customerId("17850.5")).isEqualTo("17850.5");
    }
}
