"""Head pose maths and the OSC server (messages sent to 127.0.0.1 only)."""

from __future__ import annotations

import time

import numpy as np
import pytest
from pythonosc.udp_client import SimpleUDPClient

from engine.errors import ParameterError
from engine.live.head import (
    HeadState,
    matrix_to_ypr,
    quaternion_to_matrix,
    rotate_directions,
    ypr_to_matrix,
)
from engine.live.osc import HeadTrackerServer, TrackerSettings


def _heard(rotation, az, el=0.0):
    a, e = rotate_directions(rotation, np.array([az]), np.array([el]))
    return float(a[0]), float(e[0])


def test_head_turned_left_hears_the_front_source_on_the_right():
    az, el = _heard(ypr_to_matrix(90, 0, 0), 0.0)
    assert az == pytest.approx(-90.0, abs=1e-9) and el == pytest.approx(0.0, abs=1e-9)
    # ... and a source on the left is now in front.
    assert _heard(ypr_to_matrix(90, 0, 0), 90.0)[0] == pytest.approx(0.0, abs=1e-9)


def test_looking_up_lowers_the_front_source_and_tilting_left_raises_a_left_source():
    assert _heard(ypr_to_matrix(0, 30, 0), 0.0) == pytest.approx((0.0, -30.0), abs=1e-9)
    # Tilted toward the left shoulder: the left ear drops, a source level with it is above.
    assert _heard(ypr_to_matrix(0, 0, 30), 90.0) == pytest.approx((90.0, 30.0), abs=1e-9)


def test_quaternion_and_ypr_agree_and_round_trip():
    half = np.radians(90.0) / 2
    q = quaternion_to_matrix(np.cos(half), 0.0, 0.0, np.sin(half))
    np.testing.assert_allclose(q, ypr_to_matrix(90, 0, 0), atol=1e-12)
    r = ypr_to_matrix(-40, 20, 10)
    assert matrix_to_ypr(r) == pytest.approx((-40, 20, 10), abs=1e-9)
    with pytest.raises(ParameterError, match="quaternion"):
        quaternion_to_matrix(0, 0, 0, 0)


def test_recentre_makes_the_current_orientation_the_front():
    head = HeadState()
    head.set_ypr(50, 0, 0)
    assert head.pose.ypr_deg[0] == pytest.approx(50)
    head.recentre()
    assert head.pose.is_identity
    head.set_ypr(80, 0, 0)
    assert head.pose.ypr_deg[0] == pytest.approx(30)


def _wait(predicate, timeout_s=2.0):
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.005)
    return False


def test_osc_ypr_quaternion_recentre_aliases_inversion_and_bad_messages():
    head = HeadState()
    with HeadTrackerServer(head, TrackerSettings(port=0, host="127.0.0.1")) as server:
        client = SimpleUDPClient("127.0.0.1", server.port)
        client.send_message("/earspace/head/ypr", [90.0, 0.0, 0.0])
        assert _wait(lambda: server.total_messages == 1)
        assert head.pose.ypr_deg == pytest.approx((90, 0, 0), abs=1e-6)
        half = np.radians(-30.0) / 2
        client.send_message("/SceneRotator/quaternions", [np.cos(half), 0.0, 0.0, np.sin(half)])
        assert _wait(lambda: server.total_messages == 2)
        assert head.pose.ypr_deg[0] == pytest.approx(-30, abs=1e-4)
        client.send_message("/earspace/head/recentre", [])
        client.send_message("/earspace/head/ypr", [1.0, 2.0])  # wrong count
        client.send_message("/nobody/listens", [1.0])
        assert _wait(lambda: server.counts["bad"] == 1 and server.counts["unknown"] == 1)
        assert head.pose.is_identity
        assert server.last_message_s is not None
    inverted = HeadState()
    settings = TrackerSettings(port=0, host="127.0.0.1", preset="IEM SceneRotator", invert_yaw=True)
    with HeadTrackerServer(inverted, settings) as server:
        client = SimpleUDPClient("127.0.0.1", server.port)
        client.send_message("/earspace/head/ypr", [10.0, 0.0, 0.0])  # not in this preset
        client.send_message("/SceneRotator/ypr", [20.0, 5.0, 0.0])
        assert _wait(lambda: server.total_messages == 1)
        assert inverted.pose.ypr_deg == pytest.approx((-20, 5, 0), abs=1e-6)
        assert server.counts["unknown"] == 1


def test_bad_settings_name_the_field():
    with pytest.raises(ParameterError, match="port"):
        TrackerSettings(port=70000)
    with pytest.raises(ParameterError, match="preset"):
        TrackerSettings(preset="nope")
