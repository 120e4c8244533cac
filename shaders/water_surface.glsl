// Water surface of a flood depth layer, drawn over the terrain by citytwin_render (app/render/src/layers.cpp).
// The mesh sits at terrain + depth; each vertex carries the depth [m] in the attribute `waterDepth`.
// The file is split into sections, each a snippet spliced into VTK's OpenGL2 poly-data shaders
// (vtkShaderProperty replacements): "@@ <stage>-<dec|impl>" starts a section.
// Custom uniforms (set by the host, declared by VTK through //VTK::CustomUniforms::Dec):
//   float depthThreshold   depths below this are not drawn [m]
//   float depthMin, depthMax  depth at the two ends of the colour ramp [m]
//   vec3  rampColors[8]    the layer's colour map sampled at 8 stops (shallow to deep)
//   float alphaShallow, alphaDeep  opacity of shallow and deep water
//   float layerOpacity     the layer's opacity from the layer tree

// @@ vertex-dec
in float waterDepth;
out float waterDepthVSOutput;

// @@ vertex-impl
waterDepthVSOutput = waterDepth;

// @@ fragment-dec
in float waterDepthVSOutput;

// @@ fragment-impl
{
    float d = waterDepthVSOutput;
    if (d < depthThreshold) discard;
    float t = clamp((d - depthMin) / max(depthMax - depthMin, 1e-6), 0.0, 1.0);
    float x = t * 7.0;
    int i0 = int(floor(x));
    int i1 = min(i0 + 1, 7);
    vec3 base = mix(rampColors[i0], rampColors[i1], x - float(i0));

    // Lighting in view coordinates: a high sun over the viewer's left shoulder, a Fresnel sky reflection that
    // grows at grazing angles, and a tight specular glint. The normal comes from VTK (screen-space
    // derivatives of the surface: the mesh carries none).
    vec3 n = normalize(normalVCVSOutput);
    if (!gl_FrontFacing) n = -n;
    vec3 v = normalize(-vertexVC.xyz);
    vec3 l = normalize(vec3(-0.35, 0.55, 0.75));
    vec3 h = normalize(l + v);
    float diffuse = max(dot(n, l), 0.0);
    float fresnel = pow(1.0 - max(dot(n, v), 0.0), 4.0);
    float glint = pow(max(dot(n, h), 0.0), 80.0);
    vec3 sky = vec3(0.78, 0.86, 0.93);
    vec3 colour = base * (0.62 + 0.38 * diffuse);
    colour = mix(colour, sky, 0.35 * fresnel) + vec3(0.55 * glint);

    // Shallow water is clearer than deep water; the edge fades in over the first centimetres.
    float edge = smoothstep(depthThreshold, depthThreshold + 0.05, d);
    float alpha = mix(alphaShallow, alphaDeep, t) * edge * layerOpacity;
    fragOutput0 = vec4(colour, alpha);
}
