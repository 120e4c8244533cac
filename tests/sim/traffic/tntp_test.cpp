// TNTP readers: the research networks as published, and malformed files (messages name file and line).

#include <gtest/gtest.h>

#include <cmath>

#include "citytwin/core/error.h"
#include "citytwin/traffic/tntp.h"
#include "test_util.h"

using namespace citytwin::traffic;
using citytwin::core::ErrorCode;
using citytwin::test::expectError;
using citytwin::test::sharedData;

namespace {

std::string traffic(const std::string& rel) {
    return sharedData("traffic/" + rel);
}

class TntpFiles : public citytwin::test::TempDirTest {
protected:
    // A small valid network: 4 nodes (2 zones), 4 links.
    std::string net(const std::string& records, const std::string& extraMeta = {}) {
        return write("t_net.tntp",
                     "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 4\n<FIRST THRU NODE> 3\n" + extraMeta +
                         "<END OF METADATA>\n\n~ init term cap len fft b pow speed toll type ;\n" + records);
    }
    std::string trips(const std::string& body, const std::string& total = "10.0") {
        return write("t_trips.tntp",
                     "<NUMBER OF ZONES> 2\n<TOTAL OD FLOW> " + total + "\n<END OF METADATA>\n\n" + body);
    }
    const std::string good_ =
        "1 3 100 1 1 0.15 4 0 0 1 ;\n3 2 100 1 1 0.15 4 0 0 1 ;\n2 4 100 1 1 0.15 4 0 0 1 ;\n4 1 100 1 1 "
        "0.15 4 0 0 1 ;\n";
};

}  // namespace

TEST(TntpRead, SiouxFalls) {
    const Network n = readTntpNetwork(traffic("SiouxFalls/SiouxFalls_net.tntp"));
    EXPECT_EQ(n.nodeCount, 24);
    EXPECT_EQ(n.zoneCount, 24);
    EXPECT_EQ(n.firstThroughNode, 0);
    ASSERT_EQ(n.links.size(), 76u);
    // First record: 1 2 25900.20064 6 6 0.15 4 0 0 1 ;
    EXPECT_EQ(n.links[0].tail, 0);
    EXPECT_EQ(n.links[0].head, 1);
    EXPECT_DOUBLE_EQ(n.links[0].capacity, 25900.20064);
    EXPECT_DOUBLE_EQ(n.links[0].length, 6);
    EXPECT_DOUBLE_EQ(n.links[0].freeFlowTime, 6);
    EXPECT_DOUBLE_EQ(n.links[0].alpha, 0.15);
    EXPECT_DOUBLE_EQ(n.links[0].beta, 4);
    const OdMatrix od = readTntpTrips(traffic("SiouxFalls/SiouxFalls_trips.tntp"), n.zoneCount);
    EXPECT_DOUBLE_EQ(od.total(), 360600.0);
    EXPECT_EQ(od.cellCount(), 528u);  // 24 x 23: the diagonal cells are 0
    EXPECT_DOUBLE_EQ(od.at(0, 1), 100.0);
    EXPECT_DOUBLE_EQ(od.at(0, 9), 1300.0);
    Network withNodes = n;
    readTntpNodes(traffic("SiouxFalls/SiouxFalls_node.tntp"), withNodes);
    EXPECT_NEAR(withNodes.nodeX[0], -96.77041974, 1e-12);
    EXPECT_NEAR(withNodes.nodeY[23], 43.52, 0.1);
    const auto flows = readTntpFlows(traffic("SiouxFalls/SiouxFalls_flow.tntp"));
    ASSERT_EQ(flows.size(), 76u);
    EXPECT_NEAR(flows[0].volume, 4494.6576464564205, 1e-10);
    const std::vector<double> byLink = flowsByLink(n, flows);
    EXPECT_NEAR(byLink[75], flows[75].volume, 0);
}

TEST(TntpRead, AnaheimZonesAreNotThroughNodes) {
    const Network n = readTntpNetwork(traffic("Anaheim/Anaheim_net.tntp"));
    EXPECT_EQ(n.nodeCount, 416);
    EXPECT_EQ(n.zoneCount, 38);
    EXPECT_EQ(n.firstThroughNode, 38);  // FIRST THRU NODE 39, 0-based
    EXPECT_EQ(n.links.size(), 914u);
    const OdMatrix od = readTntpTrips(traffic("Anaheim/Anaheim_trips.tntp"), n.zoneCount);
    EXPECT_NEAR(od.total(), 104694.40, 1e-6);
    EXPECT_EQ(od.cellCount(), 1406u);
}

TEST(TntpRead, ChicagoSketchKeepsIntrazonalCells) {
    const Network n = readTntpNetwork(traffic("Chicago-Sketch/ChicagoSketch_net.tntp"));
    EXPECT_EQ(n.links.size(), 2950u);
    EXPECT_EQ(n.tollWeight, 0.0);  // the weights are only in the README: callers set them
    const OdMatrix od = readTntpTrips(traffic("Chicago-Sketch/ChicagoSketch_trips.tntp"), n.zoneCount);
    EXPECT_NEAR(od.total(), 1260907.44, 1e-3);
    double intrazonal = 0.0;
    for (int o = 0; o < od.zoneCount(); ++o)
        intrazonal += od.at(o, o);
    EXPECT_NEAR(intrazonal, 123414.0, 1e-6);  // PROVENANCE: 1,260,907.44 of which 1,137,493.44 assignable
}

TEST(TntpRead, BerlinCenterHasItsDuplicateLinks) {
    const Network n = readTntpNetwork(traffic("Berlin-Center/berlin-center_net.tntp"));
    EXPECT_EQ(n.nodeCount, 12981);
    EXPECT_EQ(n.zoneCount, 865);
    EXPECT_EQ(n.firstThroughNode, 865);
    EXPECT_EQ(n.links.size(), 28376u);
    // README: [8468, 8472] appears twice (with different parameters).
    int parallel = 0;
    for (const Link& l : n.links)
        parallel += l.tail == 8467 && l.head == 8471;
    EXPECT_EQ(parallel, 2);
    const OdMatrix od = readTntpTrips(traffic("Berlin-Center/berlin-center_trips.tntp"), n.zoneCount);
    EXPECT_NEAR(od.total(), 168222.302, 1e-6);
    EXPECT_EQ(od.cellCount(), 49688u);
}

TEST_F(TntpFiles, CommentsTerminatorsAndFactors) {
    const std::string p =
        net("~ a comment line\n1 3 100 1 1 0.15 4 0 5 1 ;\n3 2 100 1 1 0.15 4 0 0 1\n"
            "2 4 100 1 1 0.15 4 0 0 1 ; ~ trailing comment\n4 1 100 1 1 0.15 4 0 0 1 ;\n",
            "<NUMBER OF LINKS> 4\n<TOLL FACTOR> 0.02\n<DISTANCE FACTOR> 0.04\n");
    const Network n = readTntpNetwork(p);
    EXPECT_EQ(n.links.size(), 4u);
    EXPECT_DOUBLE_EQ(n.links[0].toll, 5.0);
    EXPECT_DOUBLE_EQ(n.tollWeight, 0.02);
    EXPECT_DOUBLE_EQ(n.distanceWeight, 0.04);
    EXPECT_EQ(n.firstThroughNode, 2);
    const OdMatrix od = readTntpTrips(trips("Origin 1\n 2 : 4.0; 1 : 0;\nOrigin 2\n1 : 6.0 ;\n"), 2);
    EXPECT_DOUBLE_EQ(od.at(0, 1), 4.0);
    EXPECT_DOUBLE_EQ(od.at(1, 0), 6.0);
}

TEST_F(TntpFiles, NetworkRecordWithTooFewNumbers) {
    const std::string p = net("1 3 100 1 1 0.15 4 0 0 1 ;\n3 2 100 1 1 0.15 4 ;\n");
    // Line 7: four metadata lines, a blank line, the header comment, the first record.
    expectError([&] { readTntpNetwork(p); }, ErrorCode::FileFormat,
                {p, "line 8: expected 10 numbers", "got 7"});
}

TEST_F(TntpFiles, NegativeCapacityAndFreeFlowTime) {
    const std::string a = net("1 3 100 1 1 0.15 4 0 0 1 ;\n3 2 -5 1 1 0.15 4 0 0 1 ;\n");
    expectError([&] { readTntpNetwork(a); }, ErrorCode::FileFormat, {a, "line 8", "capacity -5 is negative"});
    const std::string b = net("1 3 100 1 -2.5 0.15 4 0 0 1 ;\n");
    expectError([&] { readTntpNetwork(b); }, ErrorCode::FileFormat,
                {b, "line 7", "free flow time -2.5 is negative"});
}

TEST_F(TntpFiles, BadNodeNumbersAndFields) {
    const std::string a = net("1 9 100 1 1 0.15 4 0 0 1 ;\n");
    expectError([&] { readTntpNetwork(a); }, ErrorCode::FileFormat,
                {a, "line 7", "term node 9 is not a node number within 1..4"});
    const std::string b = net("1 3 1o0 1 1 0.15 4 0 0 1 ;\n");
    expectError([&] { readTntpNetwork(b); }, ErrorCode::FileFormat,
                {b, "line 7", "field 3 is not a number: '1o0'"});
    const std::string c = net("1 3 100 1 1 0.15 4 0 0 1 ; 2 4\n");
    expectError([&] { readTntpNetwork(c); }, ErrorCode::FileFormat, {c, "line 7", "text after the ';'"});
}

TEST_F(TntpFiles, MetadataProblems) {
    const std::string a =
        write("a_net.tntp", "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 4\n1 3 100 1 1 0.15 4 0 0 1 ;\n");
    expectError([&] { readTntpNetwork(a); }, ErrorCode::FileFormat,
                {a, "line 3", "expected a metadata line"});
    const std::string b = write("b_net.tntp", "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 4\n");
    expectError([&] { readTntpNetwork(b); }, ErrorCode::FileFormat, {b, "ends before '<END OF METADATA>'"});
    const std::string c = net(good_, "<NUMBER OF LINKS> 5\n");
    expectError([&] { readTntpNetwork(c); }, ErrorCode::FileFormat,
                {c, "<NUMBER OF LINKS> says 5 links, the file has 4"});
    const std::string d = write("d_net.tntp", "<NUMBER OF NODES> 4\n<END OF METADATA>\n");
    expectError([&] { readTntpNetwork(d); }, ErrorCode::FileFormat, {d, "<NUMBER OF ZONES> is missing"});
    expectError([&] { readTntpNetwork(path("missing_net.tntp")); }, ErrorCode::FileNotFound,
                {"missing_net.tntp"});
}

TEST_F(TntpFiles, DemandToAZoneThatDoesNotExist) {
    const std::string p = trips("Origin 1\n 2 : 4.0;\nOrigin 2\n 1 : 3.0;   3 : 3.0;\n");
    // Line 8: three metadata lines, one blank, "Origin 1", a cell line, "Origin 2", this line.
    expectError([&] { readTntpTrips(p, 2); }, ErrorCode::FileFormat,
                {p, "line 8", "demand to zone 3, which does not exist (zones are 1..2)"});
    const std::string q = trips("Origin 3\n 2 : 4.0;\n");
    expectError([&] { readTntpTrips(q, 2); }, ErrorCode::FileFormat,
                {q, "line 5", "origin zone 3 does not exist"});
}

TEST_F(TntpFiles, MalformedDemandCells) {
    const std::string a = trips("Origin 1\n 2 : x4;\n");
    expectError([&] { readTntpTrips(a, 2); }, ErrorCode::FileFormat,
                {a, "line 6", "demand is not a number: 'x4'"});
    const std::string b = trips("Origin 1\n 2 : -4;\n");
    expectError([&] { readTntpTrips(b, 2); }, ErrorCode::FileFormat,
                {b, "line 6", "negative demand -4 to zone 2"});
    const std::string c = trips("Origin 1\n 2 : 4; 2 : 6;\n");
    expectError([&] { readTntpTrips(c, 2); }, ErrorCode::FileFormat,
                {c, "line 6", "given a second time (first on line 6)"});
    const std::string d = trips(" 2 : 4;\n");
    expectError([&] { readTntpTrips(d, 2); }, ErrorCode::FileFormat,
                {d, "line 5", "before the first 'Origin' line"});
    const std::string e = trips("Origin 1\n 2 : 4;\n", "11.0");
    expectError([&] { readTntpTrips(e, 2); }, ErrorCode::FileFormat,
                {e, "<TOTAL OD FLOW> says 11, the cells add up to 4"});
    const std::string f = trips("Origin 1\n 2  4;\n");
    expectError([&] { readTntpTrips(f, 2); }, ErrorCode::FileFormat,
                {f, "line 6", "expected 'destination : demand;'"});
    const std::string g = trips("Origin 1\n 2 : 4;\n");
    expectError([&] { readTntpTrips(g, 3); }, ErrorCode::FileFormat,
                {g, "<NUMBER OF ZONES> 2 differs from the network's 3"});
}

TEST_F(TntpFiles, NodeAndFlowFiles) {
    Network n = readTntpNetwork(net(good_));
    const std::string a = write("a_node.tntp", "Node X Y ;\n1 0 0 ;\n2 1 0 ;\n7 1 1 ;\n");
    expectError([&] { readTntpNodes(a, n); }, ErrorCode::FileFormat,
                {a, "line 4", "node 7 is not within 1..4"});
    const std::string b = write("b_node.tntp", "Node X Y ;\n1 0 ;\n");
    expectError([&] { readTntpNodes(b, n); }, ErrorCode::FileFormat, {b, "line 2", "expected 3 numbers"});
    const std::string c = write("c_flow.tntp", "From To Volume Cost\n1 3 5.5 1.0\n3 2 1.0\n");
    expectError([&] { readTntpFlows(c); }, ErrorCode::FileFormat, {c, "line 3", "expected 4 numbers"});
    const std::string d = write("d_flow.tntp", "From To Volume Cost\n1 3 5.5 1.0\n1 2 1.0 1.0\n");
    const auto flows = readTntpFlows(d);
    expectError([&] { flowsByLink(n, flows, d); }, ErrorCode::Data,
                {d, "flow record 1 -> 2 matches no link"});
}

TEST_F(TntpFiles, HugeNumbersAndDeclaredSizesAreRefusedBeforeAnythingIsAllocated) {
    // Found by fuzzing (reliability issue): 1e20 converted to an int (undefined behaviour), and a file
    // declaring 1e9 zones allocated 3.9 GB and died with std::bad_alloc.
    const std::string a = net("1 3 100 1 1 0.15 4 0 0 1e20 ;\n");
    expectError([&] { readTntpNetwork(a); }, ErrorCode::FileFormat,
                {a, "line 7", "link type 1e+20 is not a whole number"});
    const std::string b = write("b_net.tntp",
                                "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 1000000000\n<END OF METADATA>\n"
                                "1 3 100 1 1 0.15 4 0 0 1 ;\n");
    expectError([&] { readTntpNetwork(b); }, ErrorCode::FileFormat,
                {b, "1000000000 nodes", "can use at most 2"});
    const std::string c =
        write("c_trips.tntp", "<NUMBER OF ZONES> 1000000000\n<END OF METADATA>\nOrigin 1\n2 : 1;\n");
    expectError([&] { readTntpTrips(c, -1); }, ErrorCode::FileFormat, {c, "1000000000 zones in a file of"});
    const std::string d = write("d_flows.tntp", "From To Volume Cost\n1e20 2 5 1\n");
    expectError([&] { readTntpFlows(d); }, ErrorCode::FileFormat, {d, "not node numbers"});
}
