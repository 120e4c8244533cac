<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>Cartography</name>
    <message>
        <source>Custom</source>
        <translation>사용자 지정</translation>
    </message>
    <message>
        <source>pixels</source>
        <translation>픽셀</translation>
    </message>
    <message>
        <source>Follow the image size</source>
        <translation>이미지 크기에 맞춤</translation>
    </message>
    <message>
        <source>Print at a DPI</source>
        <translation>DPI로 인쇄</translation>
    </message>
    <message>
        <source>text and symbols × %1</source>
        <translation>글자와 기호 × %1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Side by side: </source>
        <translation>나란히 보기: </translation>
    </message>
    <message>
        <source>Export image…</source>
        <translation>이미지 내보내기…</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>Rendering the image…</source>
        <translation>이미지를 그리는 중…</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <source>Export image</source>
        <translation>이미지 내보내기</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Text and symbols</source>
        <translation>글자와 기호</translation>
    </message>
    <message>
        <source>The title of this image only: the view keeps its own.</source>
        <translation>이 이미지에만 쓰는 제목입니다. 화면의 제목은 바뀌지 않습니다.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Attribution</source>
        <translation>출처 표시</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Image file</source>
        <translation>이미지 파일</translation>
    </message>
    <message>
        <source>No time series</source>
        <translation>시계열 없음</translation>
    </message>
    <message>
        <source>Show a layer with frames (a raster series from a run) first.</source>
        <translation>먼저 프레임이 있는 레이어(실행 결과의 래스터 시계열)를 표시하십시오.</translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation>애니메이션 내보내기</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>속도</translation>
    </message>
    <message>
        <source>A title card before the first frame (videos only); 0 for none.</source>
        <translation>첫 프레임 앞의 제목 화면(동영상만 해당), 0이면 없음.</translation>
    </message>
    <message>
        <source>Title card</source>
        <translation>제목 화면</translation>
    </message>
    <message>
        <source>Subtitle</source>
        <translation>부제목</translation>
    </message>
    <message>
        <source>File or folder</source>
        <translation>파일 또는 폴더</translation>
    </message>
    <message>
        <source>Rendering frames…</source>
        <translation>프레임을 그리는 중…</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>실행 결과 비교</translation>
    </message>
    <message>
        <source>Run a simulator twice (with different parameters) first: a comparison needs two raster results of the same kind.</source>
        <translation>먼저 시뮬레이터를 (다른 매개변수로) 두 번 실행하십시오. 비교에는 같은 종류의 래스터 결과 두 개가 필요합니다.</translation>
    </message>
    <message>
        <source>A (reference)</source>
        <translation>A (기준)</translation>
    </message>
    <message>
        <source>Difference B − A (a layer, diverging colours centred on zero)</source>
        <translation>차이 B − A (0을 중심으로 한 발산형 색상의 레이어)</translation>
    </message>
    <message>
        <source>Side by side (linked cameras)</source>
        <translation>나란히 보기 (카메라 연동)</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>둘 다</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>표시</translation>
    </message>
    <message>
        <source>Cannot compare</source>
        <translation>비교할 수 없음</translation>
    </message>
    <message>
        <source>2D &amp;map (north up)</source>
        <translation>2D 지도(북쪽 위)(&amp;M)</translation>
    </message>
    <message>
        <source>A north-up map seen straight from above, with scale bar and north arrow (M)</source>
        <translation>바로 위에서 본 북쪽이 위인 지도, 축척 막대와 방위표 포함 (M)</translation>
    </message>
    <message>
        <source>&amp;Overview map</source>
        <translation>위치도(&amp;O)</translation>
    </message>
    <message>
        <source>An overview of the whole scene in a corner, with the part in view outlined</source>
        <translation>모서리에 전체 장면의 위치도를 두고 보이는 부분을 윤곽으로 표시</translation>
    </message>
    <message>
        <source>&amp;Label the selected layer by</source>
        <translation>선택한 레이어의 라벨 속성(&amp;L)</translation>
    </message>
    <message>
        <source>(select a layer with features)</source>
        <translation>(객체가 있는 레이어를 선택하십시오)</translation>
    </message>
    <message>
        <source>No labels</source>
        <translation>라벨 없음</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>OK</source>
        <translation>확인</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>저장하지 않음</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>No</source>
        <translation>아니요</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>도움말</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>(required)</source>
        <translation>(필수)</translation>
    </message>
    <message>
        <source>a layer</source>
        <translation>레이어</translation>
    </message>
    <message>
        <source>a %1 layer</source>
        <translation>%1 레이어</translation>
    </message>
    <message>
        <source>raster</source>
        <translation>래스터</translation>
    </message>
    <message>
        <source>raster series</source>
        <translation>래스터 시계열</translation>
    </message>
    <message>
        <source>vector</source>
        <translation>벡터</translation>
    </message>
    <message>
        <source>table</source>
        <translation>표</translation>
    </message>
    <message>
        <source>scalar</source>
        <translation>단일 값</translation>
    </message>
    <message>
        <source>The 3D view</source>
        <translation>3D 보기</translation>
    </message>
    <message>
        <source>&lt;h2&gt;The 3D view&lt;/h2&gt;&lt;p&gt;The city model and the results. &lt;b&gt;Left drag&lt;/b&gt; orbits, &lt;b&gt;right or middle drag&lt;/b&gt; (or Shift + left drag) pans, the &lt;b&gt;wheel&lt;/b&gt; zooms towards the cursor, a &lt;b&gt;click&lt;/b&gt; identifies what is under it: the object is outlined in magenta and its attributes appear in the Inspector.&lt;/p&gt;&lt;p&gt;Keys: Home default view, T top view, N north up, F fly to the selected layer, Shift+F fly to the object last clicked, + / − zoom, Alt + arrows orbit and tilt, Space play or pause the time series.&lt;/p&gt;&lt;p&gt;Legends, the scale bar, the north arrow, the title and the data attribution are drawn in the view and in every export (View menu to hide them).&lt;/p&gt;</source>
        <translation>&lt;h2&gt;3D 보기&lt;/h2&gt;&lt;p&gt;도시 모델과 결과를 보여 줍니다. &lt;b&gt;왼쪽 버튼 끌기&lt;/b&gt;는 회전, &lt;b&gt;오른쪽·가운데 버튼 끌기&lt;/b&gt;(또는 Shift + 왼쪽 끌기)는 이동, &lt;b&gt;휠&lt;/b&gt;은 커서 쪽으로 확대·축소, &lt;b&gt;클릭&lt;/b&gt;은 그 아래의 객체를 조회합니다. 조회한 객체는 자홍색 윤곽선으로 표시되고 속성은 속성 조회 창에 나타납니다.&lt;/p&gt;&lt;p&gt;단축키: Home 기본 보기, T 위에서 보기, N 북쪽 위로, F 선택한 레이어로 이동, Shift+F 마지막으로 클릭한 객체로 이동, + / − 확대·축소, Alt + 화살표 회전과 기울이기, Space 시계열 재생·일시 정지.&lt;/p&gt;&lt;p&gt;범례, 축척 막대, 방위표, 제목, 데이터 출처 표기는 화면과 모든 내보내기에 그려집니다(보기 메뉴에서 숨길 수 있습니다).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>레이어</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Layers&lt;/h2&gt;&lt;p&gt;The layers of the city model, of added data and of every run, in groups. The check box of a layer shows or hides it; the check box of a group shows or hides all its layers together. Double-click a layer to fly to it; right-click for Zoom to, Export, Attribute table and Remove.&lt;/p&gt;&lt;p&gt;Below the tree, the &lt;b&gt;style&lt;/b&gt; of the selected layer: opacity, the attribute to colour by, the colour map, the range (from the data or fixed) and, for depths in metres, &lt;i&gt;draw as water surface&lt;/i&gt;. Every style change can be undone (Edit &amp;gt; Undo, Ctrl+Z).&lt;/p&gt;</source>
        <translation>&lt;h2&gt;레이어&lt;/h2&gt;&lt;p&gt;도시 모델, 추가한 데이터, 각 실행 결과의 레이어를 그룹별로 보여 줍니다. 레이어의 체크 상자는 그 레이어를, 그룹의 체크 상자는 그룹의 모든 레이어를 함께 보이거나 숨깁니다. 레이어를 두 번 클릭하면 그 레이어로 이동하고, 오른쪽 클릭하면 이동·내보내기·속성 표·제거 메뉴가 열립니다.&lt;/p&gt;&lt;p&gt;목록 아래에는 선택한 레이어의 &lt;b&gt;스타일&lt;/b&gt;이 있습니다: 불투명도, 색을 정하는 속성, 색상표, 값 범위(데이터에서 또는 고정), 그리고 미터 단위 수심이면 &lt;i&gt;수면으로 그리기&lt;/i&gt;. 모든 스타일 변경은 되돌릴 수 있습니다(편집 &amp;gt; 실행 취소, Ctrl+Z).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>실행 결과</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Runs&lt;/h2&gt;&lt;p&gt;Every simulator run of the session or of the open project. Each run is a run folder on disk (the results format of &lt;code&gt;citytwin-cli run&lt;/code&gt;). Double-click a name to rename the run (the name is saved in the project); the check box shows or hides all the run&apos;s layers; &lt;i&gt;Table…&lt;/i&gt; opens the attribute table of its vector output.&lt;/p&gt;&lt;p&gt;&lt;i&gt;Saved&lt;/i&gt; says whether the run is kept in the project file: File &amp;gt; Save project copies the run folders beside the project file. Quitting with unsaved runs asks first.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;실행 결과&lt;/h2&gt;&lt;p&gt;이번 작업 또는 열린 프로젝트의 모든 시뮬레이션 실행 결과입니다. 각 실행 결과는 디스크의 실행 폴더입니다(&lt;code&gt;citytwin-cli run&lt;/code&gt;의 결과 형식). 이름을 두 번 클릭하면 실행 결과의 이름을 바꿀 수 있고(이름은 프로젝트에 저장됩니다), 체크 상자는 그 실행 결과의 모든 레이어를 보이거나 숨기며, &lt;i&gt;표…&lt;/i&gt;는 벡터 결과의 속성 표를 엽니다.&lt;/p&gt;&lt;p&gt;&lt;i&gt;저장됨&lt;/i&gt;은 실행 결과가 프로젝트 파일에 포함되었는지를 나타냅니다. 파일 &amp;gt; 프로젝트 저장은 실행 폴더를 프로젝트 파일 옆에 복사합니다. 저장하지 않은 실행 결과가 있으면 종료하기 전에 묻습니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Simulators</source>
        <translation>시뮬레이터</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Simulators&lt;/h2&gt;&lt;p&gt;The simulators found in the plug-in folders and a form generated from the chosen one&apos;s declared parameters (units, ranges, help as tooltips, advanced ones folded away). &lt;b&gt;Run&lt;/b&gt; (F5) checks every value and starts the simulator in a worker process; &lt;b&gt;Cancel&lt;/b&gt; (Shift+F5) stops it. &lt;b&gt;Reset to scenario&lt;/b&gt; puts back the values of the scenario&apos;s simulator block; &lt;b&gt;Reset to defaults&lt;/b&gt; the simulator&apos;s built-in defaults. Edits of the form can be undone (Ctrl+Z).&lt;/p&gt;&lt;p&gt;Help &amp;gt; Help contents has a page per simulator with all its parameters and outputs.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;시뮬레이터&lt;/h2&gt;&lt;p&gt;플러그인 폴더에서 찾은 시뮬레이터와, 선택한 시뮬레이터가 선언한 매개변수로 만든 입력 양식입니다(단위, 범위, 도움말 풍선, 고급 항목은 접혀 있음). &lt;b&gt;실행&lt;/b&gt;(F5)은 모든 값을 검사한 뒤 작업 프로세스에서 시뮬레이터를 시작하고, &lt;b&gt;취소&lt;/b&gt;(Shift+F5)는 실행을 멈춥니다. &lt;b&gt;시나리오 값으로&lt;/b&gt;는 시나리오의 시뮬레이터 블록 값을, &lt;b&gt;기본값으로&lt;/b&gt;는 시뮬레이터의 기본값을 되돌립니다. 양식의 변경은 되돌릴 수 있습니다(Ctrl+Z).&lt;/p&gt;&lt;p&gt;도움말 &amp;gt; 도움말 목차에 시뮬레이터마다 모든 매개변수와 결과를 설명하는 쪽이 있습니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>속성 조회</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Inspector&lt;/h2&gt;&lt;p&gt;What the last click in the view hit: a building&apos;s id, height, floors and every attribute; a road&apos;s name, class, lanes and speed limit; a result feature&apos;s attributes (named by its fid, the id in its file; integer ids exactly as stored); on the ground, the coordinates, the elevation and the value of every visible raster under the point.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;속성 조회&lt;/h2&gt;&lt;p&gt;보기에서 마지막으로 클릭한 객체의 정보입니다: 건물의 식별자, 높이, 층수와 모든 속성, 도로의 이름, 등급, 차로 수, 제한 속도, 결과 객체의 속성(파일 안의 식별자인 fid로 부르며, 정수 식별자는 저장된 그대로 표시), 지면을 클릭하면 좌표, 표고, 그 지점의 보이는 모든 래스터 값.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>로그</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Log&lt;/h2&gt;&lt;p&gt;Messages of the viewer, the simulators, Qt and VTK, with the import warnings of the scenario (for example which text encoding a Shapefile was read with). Warnings and errors also show briefly in the status bar.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;로그&lt;/h2&gt;&lt;p&gt;뷰어, 시뮬레이터, Qt, VTK의 메시지와 시나리오 가져오기 경고(예: Shapefile을 어떤 문자 인코딩으로 읽었는지)입니다. 경고와 오류는 상태 표시줄에도 잠시 나타납니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Time bar</source>
        <translation>시간 막대</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Time bar&lt;/h2&gt;&lt;p&gt;Results over time (water depth every five minutes, for example) are shown at the time of the slider; ▶ plays them (Space). The time shown in the tool bar and in the view are the same.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;시간 막대&lt;/h2&gt;&lt;p&gt;시간에 따라 변하는 결과(예: 5분 간격의 침수심)는 슬라이더가 가리키는 시각의 값으로 표시되고, ▶는 재생합니다(Space). 도구 모음과 보기에 표시되는 시각은 같습니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Projects</source>
        <translation>프로젝트</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Projects&lt;/h2&gt;&lt;p&gt;File &amp;gt; Save project writes one file (&lt;code&gt;.ctproj&lt;/code&gt;, JSON, see docs/project-format.md) with the scenario, the layer styles, the camera, the time and the runs, whose folders are copied into &lt;code&gt;&amp;lt;project&amp;gt;_runs/&lt;/code&gt; beside it. File &amp;gt; Open project brings all of it back. The file is written atomically: a failed save leaves the previous file as it was.&lt;/p&gt;&lt;p&gt;Exports (images, videos, layers, tables) are offered in the output folder (Edit &amp;gt; Settings), never in the folder of the input data.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;프로젝트&lt;/h2&gt;&lt;p&gt;파일 &amp;gt; 프로젝트 저장은 시나리오, 레이어 스타일, 카메라, 시각, 실행 결과를 하나의 파일(&lt;code&gt;.ctproj&lt;/code&gt;, JSON, docs/project-format.md 참고)에 쓰고, 실행 폴더는 그 옆의 &lt;code&gt;&amp;lt;프로젝트&amp;gt;_runs/&lt;/code&gt;에 복사합니다. 파일 &amp;gt; 프로젝트 열기는 이 모두를 되살립니다. 파일은 원자적으로 기록되므로 저장에 실패해도 이전 파일은 그대로 남습니다.&lt;/p&gt;&lt;p&gt;내보내기(이미지, 동영상, 레이어, 표)는 출력 폴더(편집 &amp;gt; 설정)에 저장하도록 제안되며, 입력 데이터 폴더에는 저장하지 않습니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>version</source>
        <translation>버전</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>매개변수</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>매개변수</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>단위</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>기본값</translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation>허용 값</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <source>advanced</source>
        <translation>고급</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <source>References</source>
        <translation>참고 문헌</translation>
    </message>
    <message>
        <source>Generated from the simulator&apos;s declarations; parameter and output texts are the plug-in&apos;s own.</source>
        <translation>시뮬레이터의 선언에서 만든 쪽입니다. 매개변수와 결과의 설명은 플러그인이 제공한 원문입니다.</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>easting</source>
        <translation>동향 좌표</translation>
    </message>
    <message>
        <source>northing</source>
        <translation>북향 좌표</translation>
    </message>
    <message>
        <source>elevation</source>
        <translation>표고</translation>
    </message>
    <message>
        <source>Terrain</source>
        <translation>지형</translation>
    </message>
    <message>
        <source>Ground</source>
        <translation>지면</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>자료 없음</translation>
    </message>
    <message>
        <source>Building %1</source>
        <translation>건물 %1</translation>
    </message>
    <message>
        <source>id</source>
        <translation>식별자</translation>
    </message>
    <message>
        <source>height</source>
        <translation>높이</translation>
    </message>
    <message>
        <source>height from</source>
        <translation>높이 출처</translation>
    </message>
    <message>
        <source>floors</source>
        <translation>층수</translation>
    </message>
    <message>
        <source>base elevation</source>
        <translation>바닥 표고</translation>
    </message>
    <message>
        <source>footprint area</source>
        <translation>건축 면적</translation>
    </message>
    <message>
        <source>Road %1</source>
        <translation>도로 %1</translation>
    </message>
    <message>
        <source>name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>class</source>
        <translation>등급</translation>
    </message>
    <message>
        <source>lanes</source>
        <translation>차로 수</translation>
    </message>
    <message>
        <source>speed limit</source>
        <translation>제한 속도</translation>
    </message>
    <message>
        <source>one-way</source>
        <translation>일방통행</translation>
    </message>
    <message>
        <source>length</source>
        <translation>길이</translation>
    </message>
    <message>
        <source>%1, fid %2</source>
        <translation>%1, fid %2</translation>
    </message>
    <message>
        <source>%1, feature %2 of %3</source>
        <translation>%1, 객체 %2 / %3</translation>
    </message>
    <message>
        <source>area</source>
        <translation>면적</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>레이어</translation>
    </message>
</context>
<context>
    <name>ParamFormText</name>
    <message>
        <source>Range: %1 to %2</source>
        <translation>범위: %1 ~ %2</translation>
    </message>
    <message>
        <source>Format: [[time_s, value], ...], times increasing.</source>
        <translation>형식: [[시각_초, 값], ...], 시각은 증가 순.</translation>
    </message>
    <message>
        <source>Format: [[easting, northing], ...] in the project CRS [m].</source>
        <translation>형식: [[동향, 북향], ...], 프로젝트 좌표계 [m].</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>필수 항목.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Writing the briefing…</source>
        <translation>브리핑 자료를 만드는 중…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Writing the briefing: %1</source>
        <translation>브리핑 자료 작성: %1</translation>
    </message>
    <message>
        <source>No results</source>
        <translation>결과 없음</translation>
    </message>
    <message>
        <source>Run a simulator or open results first: a briefing is made from run folders.</source>
        <translation>먼저 시뮬레이터를 실행하거나 결과를 여십시오. 브리핑 자료는 실행 결과 폴더로 만듭니다.</translation>
    </message>
    <message>
        <source>Export briefing</source>
        <translation>브리핑 자료 내보내기</translation>
    </message>
    <message>
        <source>(none: one run)</source>
        <translation>(없음: 실행 결과 하나)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Briefing PDF</source>
        <translation>브리핑 PDF</translation>
    </message>
    <message>
        <source>Run (A)</source>
        <translation>실행 결과 (A)</translation>
    </message>
    <message>
        <source>Compare with (B)</source>
        <translation>비교 대상 (B)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Page (landscape)</source>
        <translation>용지 (가로)</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>briefing written to %1</source>
        <translation>브리핑 자료를 %1에 저장함</translation>
    </message>
    <message>
        <source>Cannot write the briefing</source>
        <translation>브리핑 자료를 쓸 수 없음</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::AppLog</name>
    <message>
        <source>debug</source>
        <translation>디버그</translation>
    </message>
    <message>
        <source>info</source>
        <translation>정보</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>경고</translation>
    </message>
    <message>
        <source>error</source>
        <translation>오류</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::AttributeTableDialog</name>
    <message>
        <source>Filter rows (text in any column)</source>
        <translation>행 거르기(아무 열의 글자)</translation>
    </message>
    <message>
        <source>Shows only the rows where some column contains this text (case does not matter)</source>
        <translation>어느 열이든 이 글자를 포함하는 행만 보여 줍니다(대소문자 구분 없음)</translation>
    </message>
    <message>
        <source>Click a column header to sort by it (numbers as numbers); choose a row to highlight its feature in the view</source>
        <translation>열 머리글을 클릭하면 그 열로 정렬합니다(숫자는 숫자 순). 행을 고르면 보기에서 해당 객체를 강조합니다</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV 내보내기…</translation>
    </message>
    <message>
        <source>Write the rows shown (filtered and sorted as now) to a CSV file</source>
        <translation>보이는 행을 지금의 거르기·정렬 상태 그대로 CSV 파일로 씁니다</translation>
    </message>
    <message>
        <source>Export table as CSV</source>
        <translation>표를 CSV로 내보내기</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>%1 of %2 rows</source>
        <translation>%2행 중 %1행</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::ChartDock</name>
    <message>
        <source>Save…</source>
        <translation>저장…</translation>
    </message>
    <message>
        <source>Save the chart as a PNG image or a PDF (vector) file</source>
        <translation>차트를 PNG 이미지나 PDF(벡터) 파일로 저장</translation>
    </message>
    <message>
        <source>Scatter…</source>
        <translation>산점도…</translation>
    </message>
    <message>
        <source>Chart two attributes of a vector result against each other, by class (speed against flow by road class)</source>
        <translation>벡터 결과의 두 속성을 분류별로 비교하는 차트 (도로 등급별 교통량 대비 속도)</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>차트 저장</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF (*.pdf)</source>
        <translation>PNG 이미지 (*.png);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Cannot save the chart</source>
        <translation>차트를 저장할 수 없음</translation>
    </message>
    <message>
        <source>At %1: </source>
        <translation>%1 위치: </translation>
    </message>
    <message>
        <source>Nothing over time at %1 (E %2, N %3).</source>
        <translation>%1 (E %2, N %3)에는 시간에 따른 값이 없습니다.</translation>
    </message>
    <message numerus="yes">
        <source>%n chart(s) at %1 (E %2, N %3).</source>
        <translation>
            <numerusform>%1 (E %2, N %3)의 차트 %n개.</numerusform>
        </translation>
    </message>
    <message>
        <source>No output &apos;%1&apos; in run &apos;%2&apos;.</source>
        <translation>실행 결과 &apos;%2&apos;에 출력 &apos;%1&apos;이 없습니다.</translation>
    </message>
    <message>
        <source>Scatter</source>
        <translation>산점도</translation>
    </message>
    <message>
        <source>No vector result with two numeric attributes is open.</source>
        <translation>숫자 속성이 두 개 있는 벡터 결과가 열려 있지 않습니다.</translation>
    </message>
    <message>
        <source>Scatter chart</source>
        <translation>산점도 차트</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>레이어</translation>
    </message>
    <message>
        <source>x</source>
        <translation>x</translation>
    </message>
    <message>
        <source>y</source>
        <translation>y</translation>
    </message>
    <message>
        <source>One colour per</source>
        <translation>색상 구분 기준</translation>
    </message>
    <message>
        <source>There is no chart to save.</source>
        <translation>저장할 차트가 없습니다.</translation>
    </message>
    <message>
        <source>%1: cannot write the image</source>
        <translation>%1: 이미지를 쓸 수 없음</translation>
    </message>
    <message>
        <source>%1: cannot write the PDF</source>
        <translation>%1: PDF를 쓸 수 없음</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>차트</translation>
    </message>
    <message>
        <source>Charts of the open runs&apos; time series and profiles, and of the object last clicked</source>
        <translation>열린 실행 결과의 시계열과 단면, 마지막으로 누른 객체의 차트</translation>
    </message>
    <message>
        <source>Which chart to show: the declared charts of the open runs, or those of the object last clicked</source>
        <translation>표시할 차트: 열린 실행 결과에 선언된 차트, 또는 마지막으로 누른 객체의 차트</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::ChartView</name>
    <message>
        <source>No chart yet. Results with time series or profiles add their charts here; click a gauge, building, road or cell in the 3D view to chart what is known there.</source>
        <translation>아직 차트가 없습니다. 시계열이나 단면이 있는 결과는 여기에 차트를 더합니다. 3D 화면에서 관측 지점, 건물, 도로나 격자를 누르면 그곳의 값을 차트로 봅니다.</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>데이터 없음</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::HelpDialog</name>
    <message>
        <source>CityTwin help</source>
        <translation>CityTwin 도움말</translation>
    </message>
    <message>
        <source>Help topics: the panels of the window and each simulator</source>
        <translation>도움말 항목: 창의 각 패널과 시뮬레이터</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::LayerPanel</name>
    <message>
        <source>terrain</source>
        <translation>지형</translation>
    </message>
    <message>
        <source>buildings</source>
        <translation>건물</translation>
    </message>
    <message>
        <source>roads</source>
        <translation>도로</translation>
    </message>
    <message>
        <source>raster</source>
        <translation>래스터</translation>
    </message>
    <message>
        <source>raster series</source>
        <translation>래스터 시계열</translation>
    </message>
    <message>
        <source>vector</source>
        <translation>벡터</translation>
    </message>
    <message>
        <source>City model</source>
        <translation>도시 모델</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>추가 데이터</translation>
    </message>
    <message>
        <source>Comparisons</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>레이어</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <source>The layers of the city model, of added data and of each run. A check box shows or hides a layer; a group&apos;s check box all its layers. Double-click to fly to a layer, right-click for more.</source>
        <translation>도시 모델, 추가한 데이터, 각 실행 결과의 레이어입니다. 체크 상자로 레이어를, 그룹의 체크 상자로 그룹의 모든 레이어를 보이거나 숨깁니다. 두 번 클릭하면 레이어로 이동하고, 오른쪽 클릭하면 메뉴가 열립니다.</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>스타일</translation>
    </message>
    <message>
        <source>Opacity of the selected layer (0 % invisible, 100 % opaque)</source>
        <translation>선택한 레이어의 불투명도(0 %는 보이지 않음, 100 %는 불투명)</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>불투명도</translation>
    </message>
    <message>
        <source>The attribute whose values colour the features (numbers with a colour bar, text as classes)</source>
        <translation>객체의 색을 정하는 속성(숫자는 색상 막대, 글자는 분류)</translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation>색 기준</translation>
    </message>
    <message>
        <source>The colours the values are drawn with</source>
        <translation>값을 그리는 색</translation>
    </message>
    <message>
        <source>Colour map</source>
        <translation>색상표</translation>
    </message>
    <message>
        <source>Range from the data</source>
        <translation>데이터에서 범위 정하기</translation>
    </message>
    <message>
        <source>Stretch the colour map from the smallest to the largest value of the layer</source>
        <translation>레이어의 최솟값부터 최댓값까지 색상표를 펼칩니다</translation>
    </message>
    <message>
        <source>The value drawn with the first colour of the map</source>
        <translation>색상표의 첫 색으로 그리는 값</translation>
    </message>
    <message>
        <source>The value drawn with the last colour of the map</source>
        <translation>색상표의 마지막 색으로 그리는 값</translation>
    </message>
    <message>
        <source>to</source>
        <translation>~</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>범위</translation>
    </message>
    <message>
        <source>Draw as water surface</source>
        <translation>수면으로 그리기</translation>
    </message>
    <message>
        <source>Draw the values (metres) as a translucent water surface at terrain + value</source>
        <translation>값(미터)을 지형 + 값 높이의 반투명한 수면으로 그립니다</translation>
    </message>
    <message>
        <source>Zoom to</source>
        <translation>이동</translation>
    </message>
    <message>
        <source>Frame the selected layer in the view (F)</source>
        <translation>선택한 레이어가 화면에 꽉 차게 이동합니다 (F)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>Write the layer&apos;s data: rasters as GeoTIFF, series as GeoTIFF frames, vectors as GeoPackage</source>
        <translation>레이어의 데이터를 씁니다: 래스터는 GeoTIFF, 시계열은 GeoTIFF 프레임, 벡터는 GeoPackage</translation>
    </message>
    <message>
        <source>Table…</source>
        <translation>표…</translation>
    </message>
    <message>
        <source>Open the layer&apos;s attribute table (sortable, exportable as CSV)</source>
        <translation>레이어의 속성 표를 엽니다(정렬, CSV 내보내기 가능)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <source>Remove the layer from the view (the city model&apos;s own layers stay)</source>
        <translation>레이어를 보기에서 제거합니다(도시 모델의 레이어는 남습니다)</translation>
    </message>
    <message>
        <source>Zoom to layer</source>
        <translation>레이어로 이동</translation>
    </message>
    <message>
        <source>Export layer…</source>
        <translation>레이어 내보내기…</translation>
    </message>
    <message>
        <source>Open attribute table…</source>
        <translation>속성 표 열기…</translation>
    </message>
    <message>
        <source>Tick or clear to show or hide all the layers of %1</source>
        <translation>체크하거나 해제하여 %1의 모든 레이어를 보이거나 숨깁니다</translation>
    </message>
    <message>
        <source>Unit: %1</source>
        <translation>단위: %1</translation>
    </message>
    <message>
        <source>Id: %1</source>
        <translation>식별자: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s)</source>
        <translation>
            <numerusform>프레임 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>(one colour)</source>
        <translation>(단색)</translation>
    </message>
    <message>
        <source>Ground (no terrain in the scenario)</source>
        <translation>지면 (시나리오에 지형 없음)</translation>
    </message>
    <message>
        <source>Terrain</source>
        <translation>지형</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>건물</translation>
    </message>
    <message>
        <source>Roads</source>
        <translation>도로</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::MainWindow</name>
    <message numerus="yes">
        <source>%n simulator(s) loaded</source>
        <translation>
            <numerusform>시뮬레이터 %n개를 불러왔습니다</numerusform>
        </translation>
    </message>
    <message>
        <source>The point under the cursor: easting, northing and terrain height in the project&apos;s coordinate reference system</source>
        <translation>커서 아래 지점: 프로젝트 좌표계의 동향·북향 좌표와 지형 높이</translation>
    </message>
    <message>
        <source>Ground metres per screen pixel at the centre of the view, and the scale it makes</source>
        <translation>보기 중앙에서 화면 한 픽셀이 나타내는 지상 거리(m)와 그에 따른 축척</translation>
    </message>
    <message>
        <source>Loading the scenario</source>
        <translation>시나리오를 불러오는 중</translation>
    </message>
    <message>
        <source>1 px = %1 m   ≈ 1:%2</source>
        <translation>1 px = %1 m   ≈ 1:%2</translation>
    </message>
    <message>
        <source>Show %1</source>
        <translation>%1 보이기</translation>
    </message>
    <message>
        <source>Hide %1</source>
        <translation>%1 숨기기</translation>
    </message>
    <message>
        <source>Style of %1</source>
        <translation>%1의 스타일</translation>
    </message>
    <message>
        <source>Reset of the %1 form</source>
        <translation>%1 양식 초기화</translation>
    </message>
    <message>
        <source>Change of %1</source>
        <translation>%1 변경</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>레이어</translation>
    </message>
    <message>
        <source>The layers of the city model, of added data and of every run, and the style of the selected one (F1 for help)</source>
        <translation>도시 모델, 추가 데이터, 각 실행 결과의 레이어와 선택한 레이어의 스타일 (F1: 도움말)</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>실행 결과</translation>
    </message>
    <message>
        <source>The runs of this session or project: names, saved or not, shown or hidden together</source>
        <translation>이번 작업 또는 프로젝트의 실행 결과: 이름, 저장 여부, 함께 보이기·숨기기</translation>
    </message>
    <message>
        <source>Simulators</source>
        <translation>시뮬레이터</translation>
    </message>
    <message>
        <source>Choose a simulator, set its parameters and run it on the city model</source>
        <translation>시뮬레이터를 고르고 매개변수를 정해 도시 모델에서 실행합니다</translation>
    </message>
    <message>
        <source>What the last click in the view hit, with its attributes</source>
        <translation>보기에서 마지막으로 클릭한 객체와 그 속성</translation>
    </message>
    <message>
        <source>Attribute</source>
        <translation>속성</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>단위</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>속성 조회</translation>
    </message>
    <message>
        <source>The attributes of the object last clicked in the view</source>
        <translation>보기에서 마지막으로 클릭한 객체의 속성</translation>
    </message>
    <message>
        <source>Messages of the viewer, the simulators, Qt and VTK</source>
        <translation>뷰어, 시뮬레이터, Qt, VTK의 메시지</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>로그</translation>
    </message>
    <message>
        <source>Messages of the viewer, the simulators and the import</source>
        <translation>뷰어, 시뮬레이터, 가져오기의 메시지</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open scenario or project…</source>
        <translation>시나리오 또는 프로젝트 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open scenario or project</source>
        <translation>시나리오 또는 프로젝트 열기</translation>
    </message>
    <message>
        <source>CityTwin scenarios and projects (*.json *.ctproj);;All files (*)</source>
        <translation>CityTwin 시나리오와 프로젝트 (*.json *.ctproj);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>&amp;Add data…</source>
        <translation>데이터 추가(&amp;A)…</translation>
    </message>
    <message>
        <source>No city model</source>
        <translation>도시 모델 없음</translation>
    </message>
    <message>
        <source>Open a scenario first: added data is brought into its coordinate system.</source>
        <translation>먼저 시나리오를 여십시오. 추가하는 데이터는 그 좌표계로 변환됩니다.</translation>
    </message>
    <message>
        <source>Add raster or vector data</source>
        <translation>래스터 또는 벡터 데이터 추가</translation>
    </message>
    <message>
        <source>GIS data</source>
        <translation>GIS 데이터</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>모든 파일 (*)</translation>
    </message>
    <message>
        <source>Open res&amp;ults…</source>
        <translation>결과 열기(&amp;U)…</translation>
    </message>
    <message>
        <source>Open the scenario the results were computed for first.</source>
        <translation>먼저 결과를 계산한 시나리오를 여십시오.</translation>
    </message>
    <message>
        <source>Open results (a citytwin-cli run directory)</source>
        <translation>결과 열기 (citytwin-cli 실행 폴더)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>최근 파일(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save scenario</source>
        <translation>시나리오 저장(&amp;S)</translation>
    </message>
    <message>
        <source>Save scenario as</source>
        <translation>다른 이름으로 시나리오 저장</translation>
    </message>
    <message>
        <source>Scenarios (*.json)</source>
        <translation>시나리오 (*.json)</translation>
    </message>
    <message>
        <source>Save scenario &amp;as…</source>
        <translation>다른 이름으로 시나리오 저장(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>내보내기(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Image…</source>
        <translation>이미지(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Animation of the time series…</source>
        <translation>시계열 애니메이션(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Layer…</source>
        <translation>레이어(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Camera…</source>
        <translation>카메라(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>다시 실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>설정(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Default view</source>
        <translation>기본 보기(&amp;D)</translation>
    </message>
    <message>
        <source>Oblique view from the south-south-west framing everything (Home)</source>
        <translation>남남서쪽에서 전체를 비스듬히 내려다보는 보기 (Home)</translation>
    </message>
    <message>
        <source>&amp;Top view</source>
        <translation>위에서 보기(&amp;T)</translation>
    </message>
    <message>
        <source>Straight down, north up (T)</source>
        <translation>바로 위에서, 북쪽이 위로 (T)</translation>
    </message>
    <message>
        <source>&amp;North up</source>
        <translation>북쪽을 위로(&amp;N)</translation>
    </message>
    <message>
        <source>Turn the view so that north is up, keeping tilt and distance (N)</source>
        <translation>기울기와 거리는 그대로 두고 북쪽이 위로 오도록 돌립니다 (N)</translation>
    </message>
    <message>
        <source>&amp;Fly to layer</source>
        <translation>레이어로 이동(&amp;F)</translation>
    </message>
    <message>
        <source>Fly to the &amp;picked object</source>
        <translation>조회한 객체로 이동(&amp;P)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>확대(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>축소(&amp;O)</translation>
    </message>
    <message>
        <source>Orbit left</source>
        <translation>왼쪽으로 회전</translation>
    </message>
    <message>
        <source>Orbit right</source>
        <translation>오른쪽으로 회전</translation>
    </message>
    <message>
        <source>Tilt up</source>
        <translation>위로 기울이기</translation>
    </message>
    <message>
        <source>Tilt down</source>
        <translation>아래로 기울이기</translation>
    </message>
    <message>
        <source>Load camera…</source>
        <translation>카메라 불러오기…</translation>
    </message>
    <message>
        <source>Show &amp;legends</source>
        <translation>범례 보이기(&amp;L)</translation>
    </message>
    <message>
        <source>Show &amp;scale bar</source>
        <translation>축척 막대 보이기(&amp;S)</translation>
    </message>
    <message>
        <source>Show north &amp;arrow</source>
        <translation>방위표 보이기(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>패널(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Simulation</source>
        <translation>시뮬레이션(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Cancel run</source>
        <translation>실행 취소(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;ompare runs (B − A)…</source>
        <translation>실행 결과 비교 (B − A)(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Help &amp;contents</source>
        <translation>도움말 목차(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Getting started…</source>
        <translation>시작하기 안내(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Keyboard and mouse</source>
        <translation>키보드와 마우스(&amp;K)</translation>
    </message>
    <message>
        <source>Keyboard and mouse</source>
        <translation>키보드와 마우스</translation>
    </message>
    <message>
        <source>&lt;b&gt;Mouse&lt;/b&gt;: left drag orbits, right or middle drag (or Shift + left drag) pans, the wheel zooms towards the cursor, a click identifies what is under it.&lt;br&gt;&lt;br&gt;&lt;b&gt;Keys&lt;/b&gt;: Home default view, T top view, N north up, F fly to the selected layer, + / − zoom, Alt + arrows orbit and tilt, Shift+F fly to the object last clicked, Space play / pause the time series, Ctrl+O open, Ctrl+D add data, Ctrl+S save, Ctrl+Shift+S save the project, Ctrl+Z / Ctrl+Shift+Z undo / redo, Ctrl+E export an image, F5 run the simulator, Shift+F5 cancel, F1 help.</source>
        <translation>&lt;b&gt;마우스&lt;/b&gt;: 왼쪽 끌기는 회전, 오른쪽·가운데 끌기(또는 Shift + 왼쪽 끌기)는 이동, 휠은 커서 쪽으로 확대·축소, 클릭은 그 아래 객체를 조회합니다.&lt;br&gt;&lt;br&gt;&lt;b&gt;키&lt;/b&gt;: Home 기본 보기, T 위에서 보기, N 북쪽 위로, F 선택한 레이어로 이동, + / − 확대·축소, Alt + 화살표 회전과 기울이기, Shift+F 마지막으로 클릭한 객체로 이동, Space 시계열 재생·일시 정지, Ctrl+O 열기, Ctrl+D 데이터 추가, Ctrl+S 저장, Ctrl+Shift+S 프로젝트 저장, Ctrl+Z / Ctrl+Shift+Z 실행 취소·다시 실행, Ctrl+E 이미지 내보내기, F5 시뮬레이터 실행, Shift+F5 실행 취소, F1 도움말.</translation>
    </message>
    <message>
        <source>&amp;About CityTwin</source>
        <translation>CityTwin 정보(&amp;A)</translation>
    </message>
    <message>
        <source>About CityTwin</source>
        <translation>CityTwin 정보</translation>
    </message>
    <message>
        <source>CityTwin %1 — a desktop digital twin of a city.&lt;br&gt;Qt %2, VTK 9, GDAL and PROJ.</source>
        <translation>CityTwin %1 — 데스크톱 도시 디지털 트윈.&lt;br&gt;Qt %2, VTK 9, GDAL, PROJ 사용.</translation>
    </message>
    <message>
        <source>View</source>
        <translation>보기</translation>
    </message>
    <message>
        <source>Vertical exaggeration</source>
        <translation>수직 과장</translation>
    </message>
    <message>
        <source>Stretch heights of the terrain, the buildings and all layers (1 × = true scale)</source>
        <translation>지형, 건물, 모든 레이어의 높이를 늘입니다 (1 × = 실제 비율)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>시간</translation>
    </message>
    <message>
        <source>Play / pause the time series (Space)</source>
        <translation>시계열 재생 / 일시 정지 (Space)</translation>
    </message>
    <message>
        <source>The time shown by the layers that change over time</source>
        <translation>시간에 따라 변하는 레이어가 보여 주는 시각</translation>
    </message>
    <message>
        <source>no time series</source>
        <translation>시계열 없음</translation>
    </message>
    <message>
        <source>Time since the start of the run (hours:minutes:seconds), as in the view</source>
        <translation>실행 시작부터의 경과 시간(시:분:초), 보기에 표시된 것과 같음</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>작업 중</translation>
    </message>
    <message>
        <source>A scenario is still loading; try again when it has loaded.</source>
        <translation>시나리오를 아직 불러오는 중입니다. 다 불러온 뒤 다시 시도하십시오.</translation>
    </message>
    <message>
        <source>A simulator is running on the current city model; cancel it first.</source>
        <translation>현재 도시 모델에서 시뮬레이터가 실행 중입니다. 먼저 취소하십시오.</translation>
    </message>
    <message>
        <source>Cannot open the scenario</source>
        <translation>시나리오를 열 수 없습니다</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>불러오는 중</translation>
    </message>
    <message>
        <source>loading %1</source>
        <translation>%1 불러오는 중</translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation>프로젝트를 열 수 없습니다</translation>
    </message>
    <message>
        <source>Cannot load the scenario</source>
        <translation>시나리오를 불러올 수 없습니다</translation>
    </message>
    <message>
        <source>unknown failure while loading</source>
        <translation>불러오는 중 알 수 없는 오류</translation>
    </message>
    <message>
        <source>Cannot show the scenario</source>
        <translation>시나리오를 표시할 수 없습니다</translation>
    </message>
    <message>
        <source>Adding data</source>
        <translation>데이터 추가 중</translation>
    </message>
    <message>
        <source>Cannot add the data</source>
        <translation>데이터를 추가할 수 없습니다</translation>
    </message>
    <message>
        <source>added %1</source>
        <translation>%1 추가함</translation>
    </message>
    <message>
        <source>reading results</source>
        <translation>결과 읽는 중</translation>
    </message>
    <message>
        <source>Cannot open the results</source>
        <translation>결과를 열 수 없습니다</translation>
    </message>
    <message>
        <source>results of %1 read from %2</source>
        <translation>%2에서 %1의 결과를 읽었습니다</translation>
    </message>
    <message>
        <source>holds no simulator results</source>
        <translation>시뮬레이터 결과가 없습니다</translation>
    </message>
    <message>
        <source>Open a scenario first.</source>
        <translation>먼저 시나리오를 여십시오.</translation>
    </message>
    <message>
        <source>Cannot write the scenario for the run: %1</source>
        <translation>실행에 쓸 시나리오를 기록할 수 없습니다: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1: table of %n row(s), kept with the run (Runs &gt; Table… shows it)</source>
        <translation>
            <numerusform>%1: %n행의 표, 실행 결과와 함께 보관됨 (실행 결과 &gt; 표…에서 보기)</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot show the results</source>
        <translation>결과를 표시할 수 없습니다</translation>
    </message>
    <message>
        <source>identify failed: %1</source>
        <translation>조회 실패: %1</translation>
    </message>
    <message>
        <source>Unsaved runs</source>
        <translation>저장하지 않은 실행 결과</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) of this session are not saved in a project.</source>
        <translation>
            <numerusform>이번 작업의 실행 결과 %n개가 프로젝트에 저장되지 않았습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Save them in a project before quitting?</source>
        <translation>끝내기 전에 프로젝트에 저장하시겠습니까?</translation>
    </message>
    <message>
        <source>The project has unsaved changes. Save them before quitting?</source>
        <translation>프로젝트에 저장하지 않은 변경 사항이 있습니다. 끝내기 전에 저장하시겠습니까?</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>프로젝트 저장</translation>
    </message>
    <message>
        <source>CityTwin projects (*.ctproj)</source>
        <translation>CityTwin 프로젝트 (*.ctproj)</translation>
    </message>
    <message>
        <source>Folder for the frames (GeoTIFF + index.csv)</source>
        <translation>프레임을 저장할 폴더 (GeoTIFF + index.csv)</translation>
    </message>
    <message>
        <source>Save camera</source>
        <translation>카메라 저장</translation>
    </message>
    <message>
        <source>Camera files (*.json)</source>
        <translation>카메라 파일 (*.json)</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>환영합니다</translation>
    </message>
    <message>
        <source>CityTwin shows a city in 3D and runs simulators on it: floods, traffic, ground subsidence, new towns, air corridors. This tour walks through a day&apos;s work on the demo city, Merewether (Newcastle, Australia), where a flash flood hit 60 houses in June 2007.&lt;br&gt;&lt;br&gt;Each step can be done by hand, or with the button below it.</source>
        <translation>CityTwin은 도시를 3D로 보여 주고 그 위에서 시뮬레이터를 실행합니다: 침수, 교통, 지반침하, 신도시, 항공 회랑. 이 안내는 2007년 6월 돌발 홍수로 주택 60채가 침수된 예시 도시 메리웨더(호주 뉴캐슬)에서 하루 작업의 흐름을 따라갑니다.&lt;br&gt;&lt;br&gt;각 단계는 직접 하거나 아래 단추로 할 수 있습니다.</translation>
    </message>
    <message>
        <source>Open the demo city</source>
        <translation>예시 도시 열기</translation>
    </message>
    <message>
        <source>Look around</source>
        <translation>둘러보기</translation>
    </message>
    <message>
        <source>&lt;b&gt;Left drag&lt;/b&gt; orbits, &lt;b&gt;right drag&lt;/b&gt; pans, the &lt;b&gt;wheel&lt;/b&gt; zooms towards the cursor. &lt;b&gt;Home&lt;/b&gt; brings back the default view, &lt;b&gt;T&lt;/b&gt; looks straight down.&lt;br&gt;&lt;br&gt;&lt;b&gt;Click&lt;/b&gt; a house: it is outlined in magenta and the &lt;i&gt;Inspector&lt;/i&gt; lists its id, height and attributes.</source>
        <translation>&lt;b&gt;왼쪽 끌기&lt;/b&gt;는 회전, &lt;b&gt;오른쪽 끌기&lt;/b&gt;는 이동, &lt;b&gt;휠&lt;/b&gt;은 커서 쪽으로 확대·축소합니다. &lt;b&gt;Home&lt;/b&gt;은 기본 보기로, &lt;b&gt;T&lt;/b&gt;는 바로 위에서 보기로 돌아갑니다.&lt;br&gt;&lt;br&gt;주택을 &lt;b&gt;클릭&lt;/b&gt;하면 자홍색 윤곽선이 그려지고 &lt;i&gt;속성 조회&lt;/i&gt; 창에 식별자, 높이, 속성이 나옵니다.</translation>
    </message>
    <message>
        <source>Top view</source>
        <translation>위에서 보기</translation>
    </message>
    <message>
        <source>The &lt;i&gt;Layers&lt;/i&gt; panel lists the terrain, the houses, the road surface and the observation points. Untick a layer to hide it; select one to change its colours below the tree. Every change can be undone with Ctrl+Z.</source>
        <translation>&lt;i&gt;레이어&lt;/i&gt; 패널에는 지형, 주택, 도로면, 관측 지점이 있습니다. 체크를 해제하면 레이어가 숨겨지고, 레이어를 선택하면 목록 아래에서 색을 바꿀 수 있습니다. 모든 변경은 Ctrl+Z로 되돌릴 수 있습니다.</translation>
    </message>
    <message>
        <source>Run a flood</source>
        <translation>침수 모의 실행</translation>
    </message>
    <message>
        <source>In &lt;i&gt;Simulators&lt;/i&gt;, choose &lt;b&gt;flood&lt;/b&gt;. The form shows the scenario&apos;s storm (100 mm/h for an hour); hover over a field for its meaning. Set the duration to 900 s for a quick run and press &lt;b&gt;Run&lt;/b&gt; (F5). The water appears when the run ends; the time bar plays it.</source>
        <translation>&lt;i&gt;시뮬레이터&lt;/i&gt;에서 &lt;b&gt;flood&lt;/b&gt;를 고르십시오. 양식에는 시나리오의 호우(시간당 100 mm, 1시간)가 나옵니다. 입력란 위에 마우스를 올리면 설명이 나옵니다. 빠른 실행을 위해 지속 시간을 900 s로 두고 &lt;b&gt;실행&lt;/b&gt;(F5)을 누르십시오. 실행이 끝나면 물이 나타나고 시간 막대로 재생할 수 있습니다.</translation>
    </message>
    <message>
        <source>Choose the flood simulator</source>
        <translation>침수 시뮬레이터 고르기</translation>
    </message>
    <message>
        <source>Name and compare runs</source>
        <translation>실행 결과 이름 짓기와 비교</translation>
    </message>
    <message>
        <source>Each run is listed in &lt;i&gt;Runs&lt;/i&gt;: double-click its name to call it, say, &quot;100 mm/h&quot;. Run again with another rain intensity, then &lt;i&gt;Simulation &amp;gt; Compare runs&lt;/i&gt; draws the difference. The check box of a run shows or hides all its layers together.</source>
        <translation>각 실행 결과는 &lt;i&gt;실행 결과&lt;/i&gt; 패널에 나옵니다. 이름을 두 번 클릭해 예를 들어 &quot;100 mm/h&quot;로 바꿔 보십시오. 다른 강우 강도로 다시 실행한 뒤 &lt;i&gt;시뮬레이션 &amp;gt; 실행 결과 비교&lt;/i&gt;를 고르면 차이를 그립니다. 실행 결과의 체크 상자는 그 레이어를 모두 함께 보이거나 숨깁니다.</translation>
    </message>
    <message>
        <source>Tables and exports</source>
        <translation>표와 내보내기</translation>
    </message>
    <message>
        <source>&lt;i&gt;Table…&lt;/i&gt; under a run (or a vector layer) opens its attributes: sort by a column, filter, export CSV. &lt;i&gt;File &amp;gt; Export&lt;/i&gt; writes images and videos into your output folder (Edit &amp;gt; Settings), never into the data folder.</source>
        <translation>실행 결과(또는 벡터 레이어)의 &lt;i&gt;표…&lt;/i&gt;는 속성을 엽니다: 열로 정렬, 거르기, CSV 내보내기. &lt;i&gt;파일 &amp;gt; 내보내기&lt;/i&gt;는 이미지와 동영상을 출력 폴더(편집 &amp;gt; 설정)에 쓰며 데이터 폴더에는 쓰지 않습니다.</translation>
    </message>
    <message>
        <source>Keep the work</source>
        <translation>작업 보관하기</translation>
    </message>
    <message>
        <source>&lt;i&gt;File &amp;gt; Save project&lt;/i&gt; (Ctrl+Shift+S) keeps the scenario, the styles, the camera and the runs in one project file; &lt;i&gt;File &amp;gt; Open project&lt;/i&gt; brings them back. Quitting with unsaved runs asks first.&lt;br&gt;&lt;br&gt;F1 opens the help of the panel you are in, with a page per simulator.</source>
        <translation>&lt;i&gt;파일 &amp;gt; 프로젝트 저장&lt;/i&gt;(Ctrl+Shift+S)은 시나리오, 스타일, 카메라, 실행 결과를 프로젝트 파일 하나에 보관하고, &lt;i&gt;파일 &amp;gt; 프로젝트 열기&lt;/i&gt;는 그것을 되살립니다. 저장하지 않은 실행 결과가 있으면 끝내기 전에 묻습니다.&lt;br&gt;&lt;br&gt;F1은 지금 있는 패널의 도움말을 열며, 시뮬레이터마다 도움말 쪽이 있습니다.</translation>
    </message>
    <message>
        <source>Open the help</source>
        <translation>도움말 열기</translation>
    </message>
    <message>
        <source>Open pro&amp;ject…</source>
        <translation>프로젝트 열기(&amp;J)…</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>프로젝트 열기</translation>
    </message>
    <message>
        <source>CityTwin projects (*.ctproj);;All files (*)</source>
        <translation>CityTwin 프로젝트 (*.ctproj);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Save &amp;project</source>
        <translation>프로젝트 저장(&amp;P)</translation>
    </message>
    <message>
        <source>Save project as…</source>
        <translation>다른 이름으로 프로젝트 저장…</translation>
    </message>
    <message>
        <source>Save project as</source>
        <translation>다른 이름으로 프로젝트 저장</translation>
    </message>
    <message>
        <source>run %1 is now called &quot;%2&quot;</source>
        <translation>실행 결과 %1의 이름을 &quot;%2&quot;(으)로 바꾸었습니다</translation>
    </message>
    <message>
        <source>No attribute table</source>
        <translation>속성 표 없음</translation>
    </message>
    <message>
        <source>Select a vector layer (a result or added data) in the layer tree.</source>
        <translation>레이어 목록에서 벡터 레이어(결과 또는 추가 데이터)를 고르십시오.</translation>
    </message>
    <message>
        <source>This run has no vector or table output.</source>
        <translation>이 실행 결과에는 벡터나 표 결과가 없습니다.</translation>
    </message>
    <message>
        <source>Cannot save the project</source>
        <translation>프로젝트를 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>A scenario or project is still loading.</source>
        <translation>시나리오 또는 프로젝트를 아직 불러오는 중입니다.</translation>
    </message>
    <message>
        <source>%1 has no run folder (it was computed in memory) and is not saved</source>
        <translation>%1에는 실행 폴더가 없어(메모리에서 계산됨) 저장하지 않습니다</translation>
    </message>
    <message>
        <source>copied the run folder of %1 to %2</source>
        <translation>%1의 실행 폴더를 %2(으)로 복사했습니다</translation>
    </message>
    <message>
        <source>saved %1</source>
        <translation>%1 저장함</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 저장함</translation>
    </message>
    <message>
        <source>opening %1</source>
        <translation>%1 여는 중</translation>
    </message>
    <message>
        <source>Project opened with problems</source>
        <translation>프로젝트를 열었지만 문제가 있습니다</translation>
    </message>
    <message numerus="yes">
        <source>opened %1: %n run(s)</source>
        <translation>
            <numerusform>%1 열림: 실행 결과 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot save the scenario</source>
        <translation>시나리오를 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>내보낼 것이 없습니다</translation>
    </message>
    <message>
        <source>Select a raster or vector layer (a result or added data) in the layer tree.</source>
        <translation>레이어 목록에서 래스터 또는 벡터 레이어(결과 또는 추가 데이터)를 고르십시오.</translation>
    </message>
    <message>
        <source>Export raster</source>
        <translation>래스터 내보내기</translation>
    </message>
    <message>
        <source>GeoTIFF (*.tif)</source>
        <translation>GeoTIFF (*.tif)</translation>
    </message>
    <message>
        <source>Export vector layer</source>
        <translation>벡터 레이어 내보내기</translation>
    </message>
    <message>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <source>Cannot save the camera</source>
        <translation>카메라를 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>Load camera</source>
        <translation>카메라 불러오기</translation>
    </message>
    <message>
        <source>Cannot load the camera</source>
        <translation>카메라를 불러올 수 없습니다</translation>
    </message>
    <message>
        <source>reading the project&apos;s runs</source>
        <translation>프로젝트의 실행 결과 읽는 중</translation>
    </message>
    <message>
        <source>the run folder %1 is missing; it stays listed in the project</source>
        <translation>실행 폴더 %1이(가) 없습니다. 프로젝트 목록에는 남겨 둡니다</translation>
    </message>
    <message>
        <source>loaded %1: %2 buildings, %3 roads%4%5</source>
        <translation>%1 불러옴: 건물 %2동, 도로 %3개%4%5</translation>
    </message>
    <message>
        <source>, terrain %1 x %2</source>
        <translation>, 지형 %1 x %2</translation>
    </message>
    <message>
        <source>, no terrain</source>
        <translation>, 지형 없음</translation>
    </message>
    <message numerus="yes">
        <source>, %n import warning(s)</source>
        <translation>
            <numerusform>, 가져오기 경고 %n건</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Briefing (PDF)…</source>
        <translation>브리핑 자료(PDF)(&amp;B)…</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::ParamForm</name>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>매개변수</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>고급</translation>
    </message>
    <message>
        <source>Show or hide the parameters most runs leave at their defaults</source>
        <translation>대부분의 실행에서 기본값으로 두는 매개변수를 보이거나 숨깁니다</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>파일 선택</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::RunList</name>
    <message>
        <source>Run</source>
        <translation>실행 결과</translation>
    </message>
    <message>
        <source>Simulator</source>
        <translation>시뮬레이터</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>저장됨</translation>
    </message>
    <message>
        <source>The runs of this session or project. Double-click a name to rename the run; the check box shows or hides all its layers; right-click for more.</source>
        <translation>이번 작업 또는 프로젝트의 실행 결과입니다. 이름을 두 번 클릭하면 이름을 바꾸고, 체크 상자는 모든 레이어를 보이거나 숨기며, 오른쪽 클릭하면 메뉴가 열립니다.</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>이름 바꾸기</translation>
    </message>
    <message>
        <source>Give the selected run a name (F2)</source>
        <translation>선택한 실행 결과에 이름을 붙입니다 (F2)</translation>
    </message>
    <message>
        <source>Table…</source>
        <translation>표…</translation>
    </message>
    <message>
        <source>Open the attribute table of the run&apos;s first vector output</source>
        <translation>실행 결과의 첫 벡터 결과의 속성 표를 엽니다</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <source>Remove the run&apos;s layers from the view and the run from the project (its folder stays on disk)</source>
        <translation>실행 결과의 레이어를 보기에서, 실행 결과를 프로젝트에서 제거합니다(폴더는 디스크에 남습니다)</translation>
    </message>
    <message>
        <source>Zoom to the run&apos;s layers</source>
        <translation>실행 결과의 레이어로 이동</translation>
    </message>
    <message>
        <source>Open attribute table…</source>
        <translation>속성 표 열기…</translation>
    </message>
    <message>
        <source>Remove from the project</source>
        <translation>프로젝트에서 제거</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>no</source>
        <translation>아니요</translation>
    </message>
    <message>
        <source>%1
Key: %2
Folder: %3</source>
        <translation>%1
키: %2
폴더: %3</translation>
    </message>
    <message>
        <source>Saved in the project file</source>
        <translation>프로젝트 파일에 저장됨</translation>
    </message>
    <message>
        <source>Not saved in a project yet</source>
        <translation>아직 프로젝트에 저장되지 않음</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <source>The language of menus, panels and messages. Simulator parameter labels come from the plug-ins and stay as they declare them.</source>
        <translation>메뉴, 패널, 메시지의 언어입니다. 시뮬레이터 매개변수 이름은 플러그인이 선언한 그대로 표시됩니다.</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>화면 언어</translation>
    </message>
    <message>
        <source>A new language takes effect when CityTwin starts again.</source>
        <translation>바꾼 언어는 CityTwin을 다시 시작하면 적용됩니다.</translation>
    </message>
    <message>
        <source>Where exported images, videos, layers and tables are offered first. Exports never default into a scenario&apos;s data folder.</source>
        <translation>내보낸 이미지, 동영상, 레이어, 표를 먼저 저장하도록 제안하는 폴더입니다. 시나리오의 데이터 폴더는 기본값이 되지 않습니다.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Choose the output folder</source>
        <translation>출력 폴더 고르기</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>출력 폴더</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::SimulationJob</name>
    <message>
        <source>the worker program could not be started (%1): %2</source>
        <translation>작업 프로그램을 시작할 수 없습니다 (%1): %2</translation>
    </message>
    <message>
        <source>city model</source>
        <translation>도시 모델</translation>
    </message>
    <message>
        <source>the run finished but its results cannot be read: %1</source>
        <translation>실행은 끝났지만 결과를 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>crashed (signal %1%2)</source>
        <translation>비정상 종료됨 (신호 %1%2)</translation>
    </message>
    <message>
        <source>ended without a result (exit code %1)</source>
        <translation>결과 없이 끝남 (종료 코드 %1)</translation>
    </message>
    <message>
        <source>the simulation worker %1 while running %2 (plug-in %3). The viewer and its layers are unaffected; nothing was written.</source>
        <translation>시뮬레이션 작업 프로세스가 %2 실행 중 %1 (플러그인 %3). 뷰어와 레이어는 영향을 받지 않았으며 아무것도 기록되지 않았습니다.</translation>
    </message>
    <message>
        <source>Last output of the worker:</source>
        <translation>작업 프로세스의 마지막 출력:</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::SimulatorPanel</name>
    <message>
        <source>Simulators found in the plug-in directories (built-in and CITYTWIN_PLUGIN_PATH)</source>
        <translation>플러그인 폴더(내장 및 CITYTWIN_PLUGIN_PATH)에서 찾은 시뮬레이터</translation>
    </message>
    <message>
        <source>Reset to scenario</source>
        <translation>시나리오 값으로</translation>
    </message>
    <message>
        <source>Put back the values of the scenario&apos;s block for this simulator (the built-in defaults where it has none)</source>
        <translation>이 시뮬레이터에 대한 시나리오 블록의 값으로 되돌립니다(블록에 없는 항목은 기본값)</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>기본값으로</translation>
    </message>
    <message>
        <source>Put back the simulator&apos;s built-in defaults, ignoring the scenario</source>
        <translation>시나리오와 관계없이 시뮬레이터의 기본값으로 되돌립니다</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Run the simulator on the loaded city model (F5)</source>
        <translation>불러온 도시 모델에서 시뮬레이터를 실행합니다 (F5)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Stop the running simulator (Shift+F5); nothing of the run is kept</source>
        <translation>실행 중인 시뮬레이터를 멈춥니다 (Shift+F5). 실행 결과는 남지 않습니다</translation>
    </message>
    <message>
        <source>Progress of the run</source>
        <translation>실행 진행률</translation>
    </message>
    <message>
        <source>No simulators found</source>
        <translation>시뮬레이터를 찾지 못했습니다</translation>
    </message>
    <message>
        <source>No simulator plug-ins were found.</source>
        <translation>시뮬레이터 플러그인을 찾지 못했습니다.</translation>
    </message>
    <message>
        <source>%1 (version %2)</source>
        <translation>%1 (버전 %2)</translation>
    </message>
    <message>
        <source>not run: %1</source>
        <translation>실행하지 않음: %1</translation>
    </message>
    <message>
        <source>Parameters not valid</source>
        <translation>매개변수가 올바르지 않습니다</translation>
    </message>
    <message>
        <source>The simulator was not run:</source>
        <translation>시뮬레이터를 실행하지 않았습니다:</translation>
    </message>
    <message>
        <source>Cannot run</source>
        <translation>실행할 수 없습니다</translation>
    </message>
    <message>
        <source>No scenario file to run.</source>
        <translation>실행할 시나리오 파일이 없습니다.</translation>
    </message>
    <message>
        <source>%1 — %2 elapsed</source>
        <translation>%1 — %2 경과</translation>
    </message>
    <message>
        <source>, about %1 left</source>
        <translation>, 약 %1 남음</translation>
    </message>
    <message>
        <source>started</source>
        <translation>시작함</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>시작하는 중</translation>
    </message>
    <message>
        <source>could not start the run: %1</source>
        <translation>실행을 시작할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Run failed</source>
        <translation>실행 실패</translation>
    </message>
    <message>
        <source>Could not start the run:</source>
        <translation>실행을 시작할 수 없습니다:</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
    <message>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>done in %1</source>
        <translation>%1 만에 완료</translation>
    </message>
    <message>
        <source>completed in %1</source>
        <translation>%1 만에 완료</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>cancelled after %1</source>
        <translation>%1 후 취소됨</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>실패: %1</translation>
    </message>
    <message>
        <source>Simulation failed</source>
        <translation>시뮬레이션 실패</translation>
    </message>
    <message>
        <source>%1 failed:</source>
        <translation>%1 실패:</translation>
    </message>
    <message>
        <source>preview failed: %1</source>
        <translation>미리보기 실패: %1</translation>
    </message>
    <message>
        <source>Preview: %1</source>
        <translation>미리보기: %1</translation>
    </message>
    <message>
        <source>Show or hide the preview of the values</source>
        <translation>값 미리보기 표시 또는 숨기기</translation>
    </message>
</context>
<context>
    <name>citytwin::gui::TourDialog</name>
    <message>
        <source>Getting started</source>
        <translation>시작하기 안내</translation>
    </message>
    <message>
        <source>Do this step for me</source>
        <translation>이 단계를 대신 실행</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>이전</translation>
    </message>
    <message>
        <source>The previous step</source>
        <translation>이전 단계</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>다음</translation>
    </message>
    <message>
        <source>The next step</source>
        <translation>다음 단계</translation>
    </message>
    <message>
        <source>End the tour</source>
        <translation>안내 끝내기</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>%2단계 중 %1단계</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>마침</translation>
    </message>
</context>
</TS>
