#!/usr/bin/env python3
# Makes newtown_parcels.geojson, the illustrative parcels of the new-town demo (newtown.json), from the OSM
# buildings of jamsil_asan.osm: the 30 slabs of Jamsil Jugong 5 are split into four groups along the gaps between
# their rows, and each parcel is the convex hull of its group buffered by 12 m, cut back 8 m from the new internal
# roads. Needs GDAL's ogr2ogr/ogrinfo with SpatiaLite. Usage (in this folder):
#   python3 newtown_parcels.py jamsil_asan.osm newtown_parcels.geojson
# See newtown_parcels.README.md. Derived from OpenStreetMap data (ODbL 1.0, (c) OpenStreetMap contributors).
import json, math, os, shutil, subprocess, sys
osm = sys.argv[1]; out = sys.argv[2]
tmp = os.path.join(os.path.dirname(os.path.abspath(out)), '.parcels_tmp')
os.makedirs(tmp, exist_ok=True)
b = os.path.join(tmp, 'b.gpkg')
subprocess.run(['ogr2ogr', '-q', '-overwrite', '-f', 'GPKG', '-t_srs', 'EPSG:5186', '-nln', 'b', b, osm, 'multipolygons',
                '-where', "building = 'apartments'"], check=True)
a = math.radians(18.0)  # the slab rows of Jamsil Jugong 5 run about 18 deg north of east
ux, uy, vx, vy = math.cos(a), math.sin(a), -math.sin(a), math.cos(a)
O = (208000.0, 546000.0)
def xy(u, v): return (O[0] + u * ux + v * vx, O[1] + u * uy + v * vy)
def rect(u0, u1, v0, v1):
    return 'POLYGON((' + ','.join('%.3f %.3f' % xy(u, v) for u, v in [(u0, v0), (u1, v0), (u1, v1), (u0, v1), (u0, v0)]) + '))'
# (u, v) of a building centroid, as SQL
cu = '((ST_X(ST_Centroid(geom))-%f)*%f+(ST_Y(ST_Centroid(geom))-%f)*%f)' % (O[0], ux, O[1], uy)
cv = '((ST_X(ST_Centroid(geom))-%f)*%f+(ST_Y(ST_Centroid(geom))-%f)*%f)' % (O[0], vx, O[1], vy)
j5 = "(name LIKE '5__동' OR (name IS NULL AND %s BETWEEN 280 AND 640 AND %s BETWEEN 230 AND 370))" % (cu, cv)
road = 8.0  # half the width of the new internal roads [m]
parcels = [
    # id, zoning, far_pct, typology, residential_share, u range, v range of the buildings it takes
    ('J5-W', 'general_residential_3', 300, 'slab', None, (-1e3, 284), (-1e3, 1e3)),
    ('J5-N', 'general_residential_3', 300, 'tower', None, (284, 1e3), (175, 1e3)),
    ('J5-C', 'general_residential_3', 300, 'slab', None, (284, 1e3), (-112, 175)),
    ('J5-SE', 'semi_residential', None, 'slab', 0.8, (284, 1e3), (-1e3, -112)),
]
feats = []
for pid, zoning, far, typ, share, (u0, u1), (v0, v1) in parcels:
    sel = "%s AND %s BETWEEN %f AND %f AND %s BETWEEN %f AND %f" % (j5, cu, u0, u1, cv, v0, v1)
    clip = rect(u0 + (road if u0 > -1e3 else 0), u1 - (road if u1 < 1e3 else 0),
                v0 + (road if v0 > -1e3 else 0), v1 - (road if v1 < 1e3 else 0))
    sql = ("SELECT COUNT(*) AS n, ST_AsText(ST_Intersection(ST_Buffer(ST_ConvexHull(ST_Collect(geom)), 12, 1), "
           "ST_GeomFromText('%s', 5186))) AS wkt FROM b WHERE %s" % (clip, sel))
    r = subprocess.run(['ogrinfo', '-q', '-dialect', 'SQLite', '-sql', sql, b], check=True, capture_output=True, text=True).stdout
    n = int(r.split('n (Integer) = ')[1].split()[0])
    wkt = r.split('wkt (String) = ')[1].strip()
    ring = [tuple(map(float, p.split())) for p in wkt[wkt.index('((') + 2:wkt.index('))')].split(',')]
    props = {'id': pid, 'zoning': zoning, 'block': 'jamsil_jugong5', 'typology': typ,
             'lot_line_offset_m': road, 'existing_buildings': n}
    if far: props['far_pct'] = far
    if share is not None: props['residential_share'] = share
    feats.append({'type': 'Feature', 'properties': props,
                  'geometry': {'type': 'Polygon', 'coordinates': [[[round(x, 2), round(y, 2)] for x, y in ring]]}})
json.dump({'type': 'FeatureCollection', 'name': 'newtown_parcels',
           'crs': {'type': 'name', 'properties': {'name': 'urn:ogc:def:crs:EPSG::5186'}}, 'features': feats},
          open(out, 'w'), ensure_ascii=False, indent=1)
shutil.rmtree(tmp)
for f in feats:
    print(f['properties'])
