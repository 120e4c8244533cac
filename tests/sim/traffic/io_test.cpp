// Files in and out: matrices in CSV long format, TNTP trips and OMX (written here and read back; and an OMX
// file built directly with the HDF5 library, as other tools write them), districts, GMNS networks, the CSV
// reader, and the data tables of data/traffic/ (the shipped ones and broken ones: messages name file, line
// and column).

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "city_network.h"
#include "citytwin/core/error.h"
#include "citytwin/traffic/csv_table.h"
#include "citytwin/traffic/gmns.h"
#include "citytwin/traffic/junctions.h"
#include "citytwin/traffic/matrix_io.h"
#include "citytwin/traffic/periods.h"
#include "citytwin/traffic/tntp.h"
#include "study.h"
#include "test_util.h"

#ifdef CITYTWIN_TRAFFIC_HAVE_HDF5
#include <hdf5.h>
#endif

using namespace citytwin::traffic;
using citytwin::core::ErrorCode;
using citytwin::test::expectError;
using citytwin::test::projectData;
using citytwin::test::sharedData;

namespace {

class Files : public citytwin::test::TempDirTest {};

OdMatrix sample() {
    return OdMatrix::fromPairs(3, {{0, 1, 12.5}, {0, 2, 0.125}, {2, 0, 1e6}, {1, 1, 3.0}});
}

void expectSame(const OdMatrix& a, const OdMatrix& b, double tol) {
    ASSERT_EQ(a.zoneCount(), b.zoneCount());
    ASSERT_EQ(a.cellCount(), b.cellCount());
    for (const OdPair& p : a.pairs())
        EXPECT_NEAR(b.at(p.origin, p.destination), p.demand, tol * p.demand)
            << p.origin << "->" << p.destination;
}

}  // namespace

TEST_F(Files, CsvLongFormatRoundTripAndNames) {
    const std::vector<std::string> ids = {"A", "B", "C"};
    writeMatrixCsv(path("m.csv"), sample(), ids);
    expectSame(sample(), readMatrixCsv(path("m.csv"), ids), 1e-11);  // 12 significant digits written
    // GMNS demand.csv column names, quoted cells, comments, a value column named explicitly.
    const std::string g =
        write("demand.csv", "# a comment\no_zone_id,d_zone_id,volume,truck\n\"A\",B,10,1\nC,A,2.5,0\n");
    const OdMatrix m = readMatrixCsv(g, ids);
    EXPECT_DOUBLE_EQ(m.at(0, 1), 10);
    EXPECT_DOUBLE_EQ(m.at(2, 0), 2.5);
    EXPECT_DOUBLE_EQ(readMatrixCsv(g, ids, "truck").at(0, 1), 1);
    // Numbered zones written as reals still match.
    const std::string n = write("n.csv", "from,to,trips\n1.0,2,4\n");
    EXPECT_DOUBLE_EQ(readMatrixCsv(n, numberedZoneIds(2)).at(0, 1), 4);
}

TEST_F(Files, CsvMatrixErrorsNameTheLine) {
    const std::vector<std::string> ids = {"A", "B"};
    const std::string a = write("a.csv", "origin,destination,trips\nA,B,1\nA,X,2\n");
    expectError([&] { readMatrixCsv(a, ids); }, ErrorCode::FileFormat,
                {a, "line 3, column 'destination'", "zone 'X' is not a zone of the network"});
    const std::string b = write("b.csv", "origin,destination,trips\nA,B,1\nA,B,2\n");
    expectError([&] { readMatrixCsv(b, ids); }, ErrorCode::FileFormat,
                {b, "line 3", "A -> B is given a second time (first on line 2)"});
    const std::string c = write("c.csv", "origin,destination,trips\nA,B,-1\n");
    expectError([&] { readMatrixCsv(c, ids); }, ErrorCode::FileFormat, {c, "line 2", "negative demand -1"});
    const std::string d = write("d.csv", "origin,destination,trips\nA,B,x\n");
    expectError([&] { readMatrixCsv(d, ids); }, ErrorCode::FileFormat,
                {d, "column 'trips'", "'x' is not a number"});
    const std::string e = write("e.csv", "o,d,trips,x\nA,B,1,2,3\n");
    expectError([&] { readMatrixCsv(e, ids); }, ErrorCode::FileFormat,
                {e, "line 2", "5 cells, the header has 4"});
    const std::string f = write("f.csv", "origin,destination,trips\n\"A,B,1\n");
    expectError([&] { readMatrixCsv(f, ids); }, ErrorCode::FileFormat, {f, "line 2", "quote is not closed"});
    const std::string g = write("g.csv", "origin,destination,count,other\nA,B,1,2\n");
    expectError([&] { readMatrixCsv(g, ids); }, ErrorCode::FileFormat, {g, "no column 'trips'"});
    expectError([&] { readMatrixCsv(path("missing.csv"), ids); }, ErrorCode::FileNotFound, {"missing.csv"});
}

TEST_F(Files, TntpTripsWrittenAreReadBack) {
    writeTntpTrips(path("t_trips.tntp"), sample());
    expectSame(sample(), readTntpTrips(path("t_trips.tntp"), 3), 1e-11);
    // And a published file through both: Sioux Falls as written by the reader's own format.
    const OdMatrix sf = readTntpTrips(sharedData("traffic/SiouxFalls/SiouxFalls_trips.tntp"), 24);
    writeTntpTrips(path("sf_trips.tntp"), sf);
    expectSame(sf, readTntpTrips(path("sf_trips.tntp"), 24), 0.0);
}

TEST_F(Files, DistrictsAddUpCells) {
    const std::vector<std::string> ids = {"A", "B", "C"};
    const std::string d = write("districts.csv", "zone,district\nA,north\nB,north\nC,south\n");
    const auto [of, names] = readDistricts(d, ids);
    ASSERT_EQ(names, (std::vector<std::string>{"north", "south"}));
    const OdMatrix m = aggregateToDistricts(sample(), of, 2);
    EXPECT_DOUBLE_EQ(m.at(0, 0), 12.5 + 3.0);  // A -> B and B -> B
    EXPECT_DOUBLE_EQ(m.at(0, 1), 0.125);
    EXPECT_DOUBLE_EQ(m.at(1, 0), 1e6);
    EXPECT_DOUBLE_EQ(m.total(), sample().total());
    const std::string bad = write("bad.csv", "zone,district\nA,north\nA,south\n");
    expectError([&] { readDistricts(bad, ids); }, ErrorCode::FileFormat,
                {bad, "line 3", "zone 'A' is given a second time"});
    expectError(
        [&] {
            aggregateToDistricts(sample(), {0, 5, 0}, 2);
        },
        ErrorCode::Validation, {"districts", "zone 2 has district 5"});
}

#ifdef CITYTWIN_TRAFFIC_HAVE_HDF5

TEST_F(Files, OmxWrittenIsReadBack) {
    ASSERT_TRUE(omxAvailable());
    const std::vector<std::string> ids = {"10", "20", "30"};
    const OdMatrix m = sample();
    const DenseMatrix skim{"time", {0, 1.5, NAN, 2, 0, 3, 4, 5, 0}};
    writeOmx(path("m.omx"), {{"car", &m}}, {skim}, ids);
    const OmxInfo info = inspectOmx(path("m.omx"));
    EXPECT_EQ(info.zones, 3);
    EXPECT_EQ(info.version, "0.2");
    EXPECT_EQ(info.matrices, (std::vector<std::string>{"car", "time"}));
    EXPECT_EQ(info.lookups, (std::vector<std::string>{"zone_number"}));
    expectSame(m, readOmxMatrix(path("m.omx"), "car", ids), 0.0);
    // Through the lookup, onto a network that orders its zones differently.
    const OdMatrix r = readOmxMatrix(path("m.omx"), "car", {"30", "10", "20"});
    EXPECT_DOUBLE_EQ(r.at(1, 2), 12.5);  // 10 -> 20
    EXPECT_DOUBLE_EQ(r.at(0, 1), 1e6);   // 30 -> 10
    expectError([&] { readOmxMatrix(path("m.omx"), "bus", ids); }, ErrorCode::FileFormat,
                {"no matrix 'bus'"});
    expectError([&] { readOmxMatrix(path("m.omx"), "", ids); }, ErrorCode::FileFormat, {"holds 2 matrices"});
    expectError(
        [&] {
            readOmxMatrix(path("m.omx"), "car", {"10", "20"});
        },
        ErrorCode::FileFormat, {"zone 30 (row 3) is not a zone of the network"});
    const std::string text = write("not.omx", "hello");
    expectError([&] { inspectOmx(text); }, ErrorCode::FileFormat, {"not an HDF5 file"});
    // Text zone ids (a string lookup) read back onto the network's zones; a zone listed twice is refused.
    const OdMatrix two = OdMatrix::fromPairs(2, {{0, 1, 4.0}, {1, 0, 6.5}});
    writeOmx(path("s.omx"), {{"car", &two}}, {}, {"잠실", "Z-2"});
    EXPECT_EQ(inspectOmx(path("s.omx")).lookups, (std::vector<std::string>{"zone_id"}));
    const OdMatrix back = readOmxMatrix(path("s.omx"), "car", {"Z-2", "잠실"});
    EXPECT_DOUBLE_EQ(back.at(1, 0), 4.0);  // 잠실 -> Z-2
    EXPECT_DOUBLE_EQ(back.at(0, 1), 6.5);
    writeOmx(path("d.omx"), {{"car", &two}}, {}, {"7", "7"});
    expectError([&] { readOmxMatrix(path("d.omx"), "car", {"7", "8"}); }, ErrorCode::FileFormat,
                {"zone 7 (row 2) appears twice"});
}

TEST_F(Files, OmxBuiltWithTheHdf5LibraryAsOtherToolsWriteIt) {
    // The layout of the OMX 0.2 specification, written with the HDF5 C API directly (not with writeOmx): a
    // variable-length OMX_VERSION string, SHAPE as int32, a float32 matrix with an NA attribute, an int64
    // lookup under another name, and a second lookup, as the Python openmatrix package writes them.
    const std::string p = path("other.omx");
    {
        const hid_t f = H5Fcreate(p.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        const hid_t vstr = H5Tcopy(H5T_C_S1);
        H5Tset_size(vstr, H5T_VARIABLE);
        const hid_t scalar = H5Screate(H5S_SCALAR);
        const hid_t av = H5Acreate2(f, "OMX_VERSION", vstr, scalar, H5P_DEFAULT, H5P_DEFAULT);
        const char* version = "0.2";
        H5Awrite(av, vstr, &version);
        const hsize_t two = 2;
        const hid_t s2 = H5Screate_simple(1, &two, nullptr);
        const hid_t as = H5Acreate2(f, "SHAPE", H5T_STD_I32LE, s2, H5P_DEFAULT, H5P_DEFAULT);
        const int shape[2] = {2, 2};
        H5Awrite(as, H5T_NATIVE_INT, shape);
        const hid_t data = H5Gcreate2(f, "data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const hid_t look = H5Gcreate2(f, "lookup", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const hsize_t dims[2] = {2, 2};
        const hid_t sm = H5Screate_simple(2, dims, nullptr);
        const hid_t dm = H5Dcreate2(data, "trips", H5T_IEEE_F32LE, sm, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const float cells[4] = {0.0f, 7.5f, -1.0f, 0.25f};  // -1 = NA
        H5Dwrite(dm, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, cells);
        const hid_t an = H5Acreate2(dm, "NA", H5T_IEEE_F64LE, scalar, H5P_DEFAULT, H5P_DEFAULT);
        const double na = -1.0;
        H5Awrite(an, H5T_NATIVE_DOUBLE, &na);
        const hsize_t two1 = 2;
        const hid_t sl = H5Screate_simple(1, &two1, nullptr);
        const hid_t dl = H5Dcreate2(look, "taz", H5T_STD_I64LE, sl, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const long long taz[2] = {101, 205};
        H5Dwrite(dl, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, taz);
        const hid_t dl2 = H5Dcreate2(look, "index", H5T_STD_I64LE, sl, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const long long idx[2] = {1, 2};
        H5Dwrite(dl2, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, idx);
        for (hid_t d : {dm, dl, dl2})
            H5Dclose(d);
        for (hid_t a : {av, as, an})
            H5Aclose(a);
        for (hid_t s : {scalar, s2, sm, sl})
            H5Sclose(s);
        H5Tclose(vstr);
        H5Gclose(data);
        H5Gclose(look);
        H5Fclose(f);
    }
    const OmxInfo info = inspectOmx(p);
    EXPECT_EQ(info.version, "0.2");
    EXPECT_EQ(info.zones, 2);
    const OdMatrix m = readOmxMatrix(p, "trips", {"205", "101"}, "taz");
    EXPECT_DOUBLE_EQ(m.at(1, 0), 7.5);   // 101 -> 205
    EXPECT_DOUBLE_EQ(m.at(0, 0), 0.25);  // 205 -> 205
    EXPECT_EQ(m.cellCount(), 2u);        // the NA cell is no demand
    expectError(
        [&] {
            readOmxMatrix(p, "trips", {"205", "101"}, "zone");
        },
        ErrorCode::FileFormat, {"no lookup 'zone'"});
    // The other lookup maps rows to zones 1 and 2; with two lookups and none named, rows are zones in order.
    EXPECT_DOUBLE_EQ(readOmxMatrix(p, "trips", {"1", "2"}, "index").at(0, 1), 7.5);
    EXPECT_DOUBLE_EQ(readOmxMatrix(p, "trips", {"x", "y"}).at(0, 1), 7.5);
}

#endif

// ---------------------------------------------------------------------------------------------------------
// GMNS

TEST_F(Files, GmnsNetworkWithZonesUnitsAndUndirectedLinks) {
    write("config.csv", "dataset_name,long_length,speed\ntest,mi,mph\n");
    const std::string nodes = write("node.csv",
                                    "node_id,x_coord,y_coord,zone_id,ctrl_type\n"
                                    "a,0,0,Z1,\nb,1000,0,,signal\nc,2000,0,Z2,\nd,2000,10,Z2,\n");
    const std::string links =
        write("link.csv",
              "link_id,from_node_id,to_node_id,directed,length,lanes,capacity,free_speed\n"
              "L1,a,b,true,1,2,1800,60\nL2,b,c,false,0.5,1,900,30\n");
    const GmnsNetwork g = readGmns(nodes, links);
    EXPECT_EQ(g.zoneIds, (std::vector<std::string>{"Z1", "Z2"}));
    EXPECT_EQ(g.network.zoneCount, 2);
    EXPECT_EQ(g.network.firstThroughNode, 2);
    EXPECT_EQ(g.network.nodeCount, 6);
    // L1, L2 both ways, then access links: Z1 - a, Z2 - c, Z2 - d (each both ways).
    ASSERT_EQ(g.network.links.size(), 3u + 6u);
    const Link& l1 = g.network.links[0];
    EXPECT_NEAR(l1.length, 1.609344, 1e-12);                      // miles
    EXPECT_NEAR(l1.capacity, 3600, 1e-12);                        // per lane x lanes
    EXPECT_NEAR(l1.freeFlowTime, 1.0, 1e-12);                     // 1 mi at 60 mph
    EXPECT_EQ(g.network.links[2].tail, g.network.links[1].head);  // L2 undirected: the reverse link
    EXPECT_EQ(g.linkIds[2], "L2");
    EXPECT_TRUE(g.network.links[3].access);
    EXPECT_EQ(g.network.links[3].freeFlowTime, 0.0);
    EXPECT_EQ(g.ctrlType[3], "signal");            // node b (after the two zone centroids)
    EXPECT_NEAR(g.network.nodeX[1], 2000, 1e-12);  // Z2's centroid: mean of c and d
    EXPECT_NEAR(g.network.nodeY[1], 5, 1e-12);
    // Assigns like any network: all trips Z1 -> Z2 on L1 and L2.
    const AssignmentResult r = assign(g.network, OdMatrix::fromPairs(2, {{0, 1, 100}}), AssignmentOptions{});
    EXPECT_NEAR(r.flow[0], 100, 1e-9);
    EXPECT_NEAR(r.flow[1], 100, 1e-9);
    EXPECT_NEAR(r.roadDistance, 100 * (1 + 0.5) * 1.609344, 1e-9);
    EXPECT_EQ(r.accessDistance, 0.0);
}

TEST_F(Files, GmnsErrorsNameTheFileLineAndColumn) {
    const std::string nodes = write("node.csv", "node_id,x_coord,y_coord,zone_id\na,0,0,1\nb,1,0,2\n");
    const std::string a =
        write("a.csv", "link_id,from_node_id,to_node_id,length,capacity,free_speed\nL1,a,q,1,100,50\n");
    expectError([&] { readGmns(nodes, a); }, ErrorCode::FileFormat,
                {a, "line 2, column 'to_node_id'", "node 'q' is not in"});
    const std::string b =
        write("b.csv", "link_id,from_node_id,to_node_id,length,capacity,free_speed\nL1,a,b,1,-5,50\n");
    expectError([&] { readGmns(nodes, b); }, ErrorCode::FileFormat,
                {b, "column 'capacity'", "negative capacity"});
    const std::string c = write("c.csv", "link_id,from_node_id,to_node_id,length,capacity\nL1,a,b,1,100\n");
    expectError([&] { readGmns(nodes, c); }, ErrorCode::FileFormat, {c, "vdf_fftt", "free_speed"});
    const std::string d =
        write("d.csv", "link_id,from_node_id,to_node_id,length,capacity,free_speed\nL1,a,b,1,100,0\n");
    expectError([&] { readGmns(nodes, d); }, ErrorCode::FileFormat, {d, "free speed 0 is not > 0"});
    const std::string e =
        write("e.csv", "link_id,from_node_id,to_node_id,vdf_fftt,capacity,vdf_beta\nL1,a,b,1,100,0.5\n");
    expectError([&] { readGmns(nodes, e); }, ErrorCode::FileFormat, {e, "BPR power 0.5"});
    const std::string noZones = write("nz.csv", "node_id,x_coord,y_coord\na,0,0\n");
    expectError([&] { readGmns(noZones, a); }, ErrorCode::FileFormat, {noZones, "no node has a zone_id"});
    const std::string dup = write("dup.csv", "node_id,x_coord,y_coord,zone_id\na,0,0,1\na,1,0,2\n");
    expectError([&] { readGmns(dup, a); }, ErrorCode::FileFormat,
                {dup, "line 3", "node 'a' is given a second time"});
}

// ---------------------------------------------------------------------------------------------------------
// Data tables

TEST_F(Files, ShippedTablesAreReadable) {
    const JunctionDelayTable j = readJunctionDelays(projectData("traffic/junction_delays.csv"));
    EXPECT_DOUBLE_EQ(j.seconds[static_cast<int>(JunctionControl::Signal)][0][0], 25.0);
    EXPECT_DOUBLE_EQ(j.seconds[static_cast<int>(JunctionControl::Signal)][1][0], 25.0);  // "any"
    EXPECT_DOUBLE_EQ(j.seconds[static_cast<int>(JunctionControl::Priority)][1][2], 22.0);
    const std::vector<Period> p = readPeriods(projectData("traffic/time_of_day.csv"));
    ASSERT_EQ(p.size(), 4u);
    double share = 0.0, hours = 0.0;
    for (const Period& q : p) {
        share += q.dailyShare;
        hours += q.hours;
    }
    EXPECT_NEAR(share, 1.0, 1e-12);  // the periods cover the whole day
    EXPECT_NEAR(hours, 24.0, 1e-12);
    const CordonDefaults c = readCordonDefaults(projectData("traffic/cordon_defaults.csv"));
    EXPECT_DOUBLE_EQ(c.byClass.at("primary").volumeCapacity, 0.70);
    EXPECT_FALSE(c.byClass.count("service"));
}

TEST_F(Files, BrokenTablesNameFileLineAndColumn) {
    const std::string a = write(
        "a.csv",
        "control,approach,through_s,right_s,left_s,uturn_s\nsignal,any,25,15,35,40\nflashing,any,1,1,1,1\n");
    expectError([&] { readJunctionDelays(a); }, ErrorCode::FileFormat,
                {a, "line 3, column 'control'", "'flashing' is not"});
    const std::string b =
        write("b.csv", "control,approach,through_s,right_s,left_s,uturn_s\nsignal,any,25,15,-35,40\n");
    expectError([&] { readJunctionDelays(b); }, ErrorCode::FileFormat, {b, "column 'left_s'", "delay -35 s"});
    const std::string c =
        write("c.csv", "control,approach,through_s,right_s,left_s,uturn_s\nsignal,any,25,15,35,40\n");
    expectError([&] { readJunctionDelays(c); }, ErrorCode::FileFormat,
                {c, "no delays for uncontrolled junctions"});
    const std::string d = write("d.csv", "period,hours,daily_share\nam,2,0.2\nam,3,0.2\n");
    expectError([&] { readPeriods(d); }, ErrorCode::FileFormat, {d, "period 'am' is given twice"});
    const std::string e = write("e.csv", "period,hours,daily_share\nam,0,0.2\n");
    expectError([&] { readPeriods(e); }, ErrorCode::FileFormat, {e, "line 2", "0 hours"});
    const std::string f = write("f.csv", "class,volume_capacity,through_share\nprimary,0.7,1.4\n");
    expectError([&] { readCordonDefaults(f); }, ErrorCode::FileFormat,
                {f, "line 2, column 'through_share'", "through share 1.4 is not within 0..1"});
    const std::string g =
        write("g.csv", "class,volume_capacity,through_share\nprimary,0.7,0.4\nprimary,0.6,0.3\n");
    expectError([&] { readCordonDefaults(g); }, ErrorCode::FileFormat,
                {g, "line 3", "'primary' is given a second time"});
    const std::string h = write("h.csv", "from_node,via_node,to_node,penalty\n1,2,3,-1\n");
    expectError(
        [&] {
            readTurnRules(h, {{"1", 0}, {"2", 1}, {"3", 2}});
        },
        ErrorCode::FileFormat, {h, "line 2, column 'penalty'", "negative"});
    const std::string i = write("i.csv", "from_node,via_node,to_node,penalty\n1,9,3,ban\n");
    expectError(
        [&] {
            readTurnRules(i, {{"1", 0}, {"2", 1}, {"3", 2}});
        },
        ErrorCode::FileFormat, {i, "column 'via_node'", "node '9' is not in the network"});
    const std::string k = write("k.csv", "road_id,direction,count\nr1,sideways,10\n");
    expectError([&] { readCordonCounts(k); }, ErrorCode::FileFormat,
                {k, "line 2, column 'direction'", "'sideways'"});
    const std::string l = write("l.csv", "road_id,count\nr1,-4\n");
    expectError([&] { readStudyCounts(l); }, ErrorCode::FileFormat,
                {l, "line 2, column 'count'", "negative count"});
    const std::string m = write("m.csv", "id,count\nc1,4\n");
    expectError([&] { readStudyCounts(m); }, ErrorCode::FileFormat, {m, "no column 'road_id'"});
    const std::string empty = write("empty.csv", "# only a comment\n\n");
    expectError([&] { readCsvTable(empty); }, ErrorCode::FileFormat, {empty, "no header line"});
}
