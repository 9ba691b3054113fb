package io.latentkit.cluster;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;

/**
 * The minimum spanning tree of the mutual reachability graph by Borůvka's algorithm over a KD-tree, as in the
 * accelerated HDBSCAN of McInnes and Healy (2017): each round, every component finds its lightest edge to another
 * component and all those edges join the tree, so components at least halve per round and there are at most log2(n)
 * rounds. Edges are ordered by (weight, lower end, higher end), a strict order, so the tree is the unique minimum
 * for that order: the one {@link MutualReachability#prim} finds, ties included.
 *
 * <p>A component's lightest edge is the lightest of its points' own lightest edges, and a point's is found by a
 * branch-and-bound search of the tree, d_mr(q, j) >= max(core(q), the node's smallest core distance, the distance to
 * the node's box), which skips nodes wholly in the query's component, and nodes that cannot beat the lightest edge
 * the component has found so far (a bound shared by its points). Points search in parallel; the shared bound only
 * changes how much is pruned, never which edge a component ends up with (each component's lightest edge is found in
 * full by the point it leaves from: no bound is below it), so the result does not depend on the thread count or timing.
 *
 * <p>Memory O(n) besides the tree: per point its component, core distance and lightest edge.
 */
final class Boruvka {
    /** Points per parallel task, consecutive in tree order. */
    private static final int BLOCK = 512;
    private static final long UNBOUNDED = Double.doubleToLongBits(Double.POSITIVE_INFINITY);

    private final KdTree tree;
    private final MutualReachability.Cores cores;
    private final int n;
    /** Core distance per tree position. */
    private final double[] core;
    /** Smallest core distance under each node. */
    private final double[] nodeCore;
    /** Component (its root point's original index) per tree position. */
    private final int[] componentAt;
    /** The component all points under each node are in, or -1. */
    private final int[] nodeComponent;
    /** Per tree position: the lightest edge found from that point this round, -1 for none. */
    private final double[] pointWeight;
    private final int[] pointOther;
    /** Per component: the lightest weight any of its points has found this round (bits of a double >= 0). */
    private final AtomicLongArray bound;
    /** Union-find over original indices. */
    private final UnionFind sets;

    private Boruvka(KdTree tree, MutualReachability.Cores cores) {
        this.tree = tree;
        this.cores = cores;
        n = tree.n;
        core = new double[n];
        for (int p = 0; p < n; p++) {
            core[p] = cores.distances()[tree.index[p]];
        }
        nodeCore = new double[tree.nodes];
        for (int node = tree.nodes - 1; node >= 0; node--) {
            int c = tree.firstChild[node];
            if (c >= 0) {
                nodeCore[node] = Math.min(nodeCore[c], nodeCore[c + 1]);
            } else {
                double min = Double.POSITIVE_INFINITY;
                for (int p = tree.start[node]; p < tree.end[node]; p++) {
                    min = Math.min(min, core[p]);
                }
                nodeCore[node] = min;
            }
        }
        componentAt = new int[n];
        nodeComponent = new int[tree.nodes];
        pointWeight = new double[n];
        pointOther = new int[n];
        bound = new AtomicLongArray(n);
        sets = new UnionFind(n);
    }

    /** The minimum spanning tree of d_mr over the tree's points, given their core distances. */
    static MutualReachability.SpanningTree spanningTree(KdTree tree, MutualReachability.Cores cores) {
        return new Boruvka(tree, cores).run();
    }

    private MutualReachability.SpanningTree run() {
        int[] edgeA = new int[n - 1];
        int[] edgeB = new int[n - 1];
        double[] edgeWeight = new double[n - 1];
        int edges = 0;
        double[] bestWeight = new double[n];
        int[] bestA = new int[n];
        int[] bestB = new int[n];
        // A first round from the neighbour lists: each point's lightest edge where they settle it. These edges are
        // in the tree (each is the lightest out of a one-point component), and they leave far fewer components to
        // search for, with bounds that prune from the start.
        double[] coreOf = cores.distances();
        for (int q = 0; q < n; q++) {
            int j = cores.lightestEdge(q);
            if (j >= 0 && sets.union(q, j)) {
                edgeA[edges] = q;
                edgeB[edges] = j;
                edgeWeight[edges++] = coreOf[q];
            }
        }
        relabel();
        while (edges < n - 1) {
            for (int i = 0; i < n; i++) {
                bound.setPlain(i, UNBOUNDED);
            }
            markNodes();
            IntStream.range(0, (n + BLOCK - 1) / BLOCK).parallel().forEach(block -> {
                Search search = new Search();
                for (int p = block * BLOCK; p < Math.min(n, (block + 1) * BLOCK); p++) {
                    search.run(p);
                }
            });
            Arrays.fill(bestWeight, Double.POSITIVE_INFINITY);
            Arrays.fill(bestA, -1);
            for (int p = 0; p < n; p++) {
                if (pointOther[p] < 0) {
                    continue;
                }
                int q = tree.index[p];
                int c = componentAt[p];
                int a = Math.min(q, pointOther[p]);
                int b = Math.max(q, pointOther[p]);
                if (bestA[c] < 0 || MutualReachability.SpanningTree.lighter(pointWeight[p], a, b, bestWeight[c],
                        bestA[c], bestB[c])) {
                    bestWeight[c] = pointWeight[p];
                    bestA[c] = a;
                    bestB[c] = b;
                }
            }
            int before = edges;
            for (int c = 0; c < n; c++) {
                // Two components may pick the same edge; it joins the tree once.
                if (bestA[c] >= 0 && sets.union(bestA[c], bestB[c])) {
                    edgeA[edges] = bestA[c];
                    edgeB[edges] = bestB[c];
                    edgeWeight[edges++] = bestWeight[c];
                }
            }
            if (edges == before) {
                throw new IllegalStateException("Borůvka round added no edge with " + (n - 1 - edges) + " missing");
            }
            relabel();
        }
        return MutualReachability.SpanningTree.canonical(edgeA, edgeB, edgeWeight);
    }

    private void relabel() {
        for (int p = 0; p < n; p++) {
            componentAt[p] = sets.find(tree.index[p]);
        }
    }

    /** Which nodes lie wholly in one component, bottom-up (children follow their parent). */
    private void markNodes() {
        for (int node = tree.nodes - 1; node >= 0; node--) {
            int c = tree.firstChild[node];
            if (c >= 0) {
                nodeComponent[node] = nodeComponent[c] == nodeComponent[c + 1] ? nodeComponent[c] : -1;
            } else {
                int first = componentAt[tree.start[node]];
                for (int p = tree.start[node] + 1; p < tree.end[node] && first >= 0; p++) {
                    first = componentAt[p] == first ? first : -1;
                }
                nodeComponent[node] = first;
            }
        }
    }

    private double bound(int c) {
        return Double.longBitsToDouble(bound.get(c));
    }

    /** Lowers component c's shared bound to w (non-negative doubles order as their bits). */
    private void lower(int c, double w) {
        long bits = Double.doubleToLongBits(w);
        long current = bound.get(c);
        while (bits < current && !bound.compareAndSet(c, current, bits)) {
            current = bound.get(c);
        }
    }

    /** One point's search for its lightest edge out of its component, with a depth-first node stack. */
    private final class Search {
        private final int[] stackNode = new int[tree.stackSize()];
        private final double[] stackBound = new double[tree.stackSize()];

        /**
         * Among the lightest edges from the point at tree position p, the one to the lowest index (for a fixed end,
         * that is the lowest in the (weight, lower end, higher end) order).
         */
        void run(int p) {
            int c = componentAt[p];
            double cq = core[p];
            int q = p * tree.d;
            float[] x = tree.x;
            double best = Double.POSITIVE_INFINITY;
            int other = -1;
            int top = 0;
            // No edge from this point is lighter than its core distance.
            if (!(cq > bound(c)) && nodeComponent[0] != c) {
                stackNode[top] = 0;
                stackBound[top++] = lowerBound(x, q, cq, 0);
            }
            while (top > 0) {
                int node = stackNode[--top];
                double lb = stackBound[top];
                if (lb > best || (lb == best && tree.minIndex[node] >= other) || lb > bound(c)) {
                    continue;
                }
                int child = tree.firstChild[node];
                if (child >= 0) {
                    top = push(child, x, q, cq, c, top);
                    continue;
                }
                for (int j = tree.start[node]; j < tree.end[node]; j++) {
                    int jj = tree.index[j];
                    double floor = Math.max(cq, core[j]);
                    if (componentAt[j] == c || floor > best || (floor == best && jj >= other)) {
                        continue;
                    }
                    double w = Math.max(floor, tree.distance(x, q, j));
                    if (w < best || (w == best && jj < other)) {
                        best = w;
                        other = jj;
                        lower(c, w);
                        if (w <= lb) {
                            // The rest of the leaf has higher indices and nothing lighter than lb.
                            break;
                        }
                    }
                }
            }
            pointWeight[p] = best;
            pointOther[p] = other;
        }

        /** Pushes the children of a node not wholly in component c, the nearer on top. */
        private int push(int child, float[] x, int q, double cq, int c, int top) {
            boolean skipFirst = nodeComponent[child] == c;
            boolean skipSecond = nodeComponent[child + 1] == c;
            double first = skipFirst ? 0 : lowerBound(x, q, cq, child);
            double second = skipSecond ? 0 : lowerBound(x, q, cq, child + 1);
            boolean firstNearer = skipSecond || (!skipFirst && first <= second);
            if (!skipFirst && !firstNearer) {
                stackNode[top] = child;
                stackBound[top++] = first;
            }
            if (!skipSecond) {
                stackNode[top] = child + 1;
                stackBound[top++] = second;
            }
            if (!skipFirst && firstNearer) {
                stackNode[top] = child;
                stackBound[top++] = first;
            }
            return top;
        }

        private double lowerBound(float[] x, int q, double cq, int node) {
            return Math.max(Math.max(cq, nodeCore[node]), tree.boxDistance(x, q, node));
        }
    }
}
